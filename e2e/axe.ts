import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeProblem {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Moderate rules issue #19 named (the widget's list inside the log, its second banner): failures too. */
const ALWAYS = new Set(['listitem', 'list', 'landmark-no-duplicate-banner', 'landmark-unique', 'landmark-banner-is-top-level']);

/**
 * Runs axe-core in the page (injected through the DevTools protocol, which the dashboard's CSP does
 * not govern, so the page keeps its real CSP) and returns the serious and critical violations (and those of ALWAYS), one
 * line per failing element so a failure message says exactly where. Open shadow roots (the widget)
 * are included by axe itself.
 */
export async function seriousViolations(page: Page): Promise<AxeProblem[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`.slice(0, 300)) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical' || ALWAYS.has(v.id));
}
