import { costsBetween, snapshot, type PostgresBackends } from './measure.js';
import { readRssMb, samplePeakRss, type ServerProcess } from './processes.js';
import { perRequest, type ScenarioResult } from './report.js';
import { PAGE_TWO_VIEWS } from './http-scenarios.js';
import type { RunDataset } from './dataset.js';
import fs from 'node:fs';

/** The exports measured: every ticket, and a filtered, sorted slice. */
export const EXPORTS = [
  { name: 'export CSV, every ticket', query: 'status=all' },
  { name: 'export CSV, open, priority=high, sorted by due', query: 'priority=high&sort=due' },
];

interface Target {
  server: ServerProcess;
  backends: PostgresBackends | null;
  headers: Record<string, string>;
}

/**
 * Streams `GET /api/tickets/export.csv` `times` times in a row and reads every byte. Memory is the
 * target (constant at 1M): the server's RSS before the first export and its peak while they stream.
 * Latency is per whole export (time to first byte and to the last), so p50/p99 here are over few samples.
 */
export async function measureExport(target: Target, dataset: RunDataset, spec: { name: string; query: string }, times = 3): Promise<ScenarioResult> {
  const { server, backends, headers } = target;
  const pid = server.child.pid!;
  const rssBeforeMb = readRssMb(pid);
  const before = await snapshot({ url: server.url, pid }, backends);
  const stopRss = samplePeakRss(pid);
  const durations: number[] = [];
  const firstBytes: number[] = [];
  let rows = 0;
  let bytes = 0;
  let failures = 0;
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    const response = await fetch(`${server.url}/api/tickets/export.csv?${spec.query}`, { headers: { authorization: headers.authorization! } });
    if (!response.ok || !response.body) {
      failures++;
      await response.text().catch(() => '');
      continue;
    }
    let first = 0;
    let lines = 0;
    let size = 0;
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      if (!first) first = performance.now() - started;
      size += chunk.byteLength;
      for (const byte of chunk) if (byte === 10) lines++;
    }
    durations.push(performance.now() - started);
    firstBytes.push(first);
    rows = lines - 1; // the header line
    bytes = size;
  }
  const peakRssMb = stopRss();
  const after = await snapshot({ url: server.url, pid }, backends);
  const costs = costsBetween(before, after);
  const sorted = [...durations].sort((a, b) => a - b);
  const at = (q: number) => Math.round((sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0) * 10) / 10;
  const seconds = durations.reduce((a, b) => a + b, 0) / 1000;
  return {
    scenario: `${spec.name} (×${times})`, scale: dataset.meta.scale, engine: dataset.meta.engine,
    failed: failures > 0, requestsPerSecond: seconds ? Math.round((durations.length / seconds) * 100) / 100 : 0,
    p50Ms: at(0.5), p99Ms: at(0.99), non2xx: failures, errors: 0, peakRssMb,
    ...perRequest(costs, Math.max(1, durations.length)),
    extra: {
      rows, MB: Math.round(bytes / 1e5) / 10, 'rows/s': seconds ? Math.round((rows * durations.length) / seconds) : 0,
      'first byte ms (max)': Math.round(Math.max(...firstBytes, 0)), 'RSS MB before → peak': `${rssBeforeMb} → ${peakRssMb}`,
    },
  };
}

/** Page-2 scenarios need a real cursor: fetch each view's first page and keep its nextCursor in the run's meta file. */
export async function storePageTwoCursors(server: ServerProcess, headers: Record<string, string>, dataset: RunDataset): Promise<void> {
  const cursors: Record<string, string> = {};
  for (const view of PAGE_TWO_VIEWS) {
    const response = await fetch(`${server.url}${view.path}`, { headers });
    const body = (await response.json()) as { nextCursor?: string | null };
    if (body.nextCursor) cursors[view.key] = body.nextCursor;
  }
  dataset.meta.cursors = cursors;
  fs.writeFileSync(dataset.metaFile, JSON.stringify(dataset.meta));
}
