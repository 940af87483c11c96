import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { prepareRun, type RunDataset } from './dataset.js';
import { HTTP_SCENARIOS, PREFIX_SEARCH_PATH, httpScenario } from './http-scenarios.js';
import { runInWorker, type DeliveryResult, type HttpLoadResult, type LoadJob, type LoadSettings } from './load.js';
import { costsBetween, cpuSeconds, PostgresBackends, snapshot, type Snapshot } from './measure.js';
import { samplePeakRss, startCeiling, startServer, type ServerProcess } from './processes.js';
import { machineDescription, perRequest, toMarkdown, type ScenarioResult } from './report.js';
import { UPLOAD_CONTENT_TYPE } from './upload-scenarios.js';
import { startBenchWebhooks } from './webhook-scenario.js';
import { EXPORTS, measureExport, storePageTwoCursors } from './export-scenario.js';
import { waitForSearchIndexSettled } from './search-index-settle.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    scale: { type: 'string', default: '1m' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '10' },
    only: { type: 'string' },
    fresh: { type: 'boolean', default: false },
    /** Only (re)build the templates (with --fresh: regenerate them), run nothing. */
    'generate-only': { type: 'boolean', default: false },
    /** SQLite: measure right after the server starts, while it still merges the generated index (see search-index-settle.ts). */
    'no-settle': { type: 'boolean', default: false },
    'message-rate': { type: 'string', default: '500' },
    sockets: { type: 'string', default: '10000' },
  },
});

const parseScale = (s: string) => Number(s.toLowerCase().replace(/k$/, '000').replace(/m$/, '000000'));
const scales = args.scale!.split(',').map(parseScale);
const engine = args.db === 'postgres' ? 'postgres' : 'sqlite';
const load: LoadSettings = { connections: Number(args.connections), durationSeconds: Number(args.duration), warmupSeconds: Number(args.warmup) };
const adminUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const only = args.only?.split(',').map((s) => s.trim()).filter(Boolean);
/**
 * `--only` takes scenario keys or parts of names: inbox, ticket, search, create, status, notes, sort (or sort-due, …),
 * filter (or filter-overdue, …), page-2, export, head-of-line, webhooks, delivery, idle, upload.
 */
const selected = (key: string, name: string) => !only || only.some((o) => key.includes(o) || name.includes(o));

interface Run {
  dataset: RunDataset;
  server: ServerProcess;
  ceiling: ServerProcess;
  backends: PostgresBackends | null;
  headers: Record<string, string>;
}

/** Runs a job against our server: snapshots around the measured part, RSS sampled meanwhile. */
async function measureOurs<T>(run: Run, job: LoadJob, count: (result: T) => number) {
  let before: Snapshot | undefined;
  let stopRss = () => 0;
  const result = await (runInWorker as (j: LoadJob, m: () => Promise<void>) => Promise<T>)(job, async () => {
    before = await snapshot({ url: run.server.url, pid: run.server.child.pid! }, run.backends);
    stopRss = samplePeakRss(run.server.child.pid!);
  });
  const peakRssMb = stopRss();
  const after = await snapshot({ url: run.server.url, pid: run.server.child.pid! }, run.backends);
  const costs = costsBetween(before!, after);
  return { result, peakRssMb, costs, perRequest: perRequest(costs, count(result)) };
}

/** The same requests against the ceiling process, with its CPU per request. */
async function measureCeiling(run: Run, job: Extract<LoadJob, { kind: 'http' }>) {
  const pid = run.ceiling.child.pid!;
  let before = 0;
  const result = await runInWorker(job, async () => { before = cpuSeconds(pid); });
  const cpu = cpuSeconds(pid) - before;
  return {
    requestsPerSecond: Math.round(result.ok / result.seconds), p99Ms: result.p99Ms,
    cpuMsPerRequest: Math.round((cpu * 1e6) / Math.max(1, result.requests)) / 1000,
    failed: result.ok === 0 || result.non2xx + result.errors > 0,
  };
}

async function httpComparison(run: Run, name: string, source: { scenario: string } | { upload: '1mb' | '5mb' }, headers: Record<string, string>, settings: LoadSettings): Promise<ScenarioResult> {
  const meta = run.dataset.meta;
  const base = { kind: 'http' as const, metaFile: run.dataset.metaFile, headers, ...settings };
  const prefix = 'upload' in source ? '/upload' : `/c/${source.scenario}`;
  const ceiling = await measureCeiling(run, { ...base, url: run.ceiling.url, source: { ...source, prefix } });
  const ours = await measureOurs<HttpLoadResult>(run, { ...base, url: run.server.url, source }, (r) => r.requests);
  const r = ours.result;
  const requestsPerSecond = Math.round(r.ok / r.seconds);
  const ourCpu = (ours.perRequest.cpuMsPerRequest ?? 0) + (ours.perRequest.databaseCpuMsPerRequest ?? 0);
  return {
    scenario: name, scale: meta.scale, engine: meta.engine,
    failed: r.ok === 0 || r.non2xx + r.errors > 0 || ceiling.failed,
    requestsPerSecond, p50Ms: r.p50Ms, p99Ms: r.p99Ms, non2xx: r.non2xx, errors: r.errors, peakRssMb: ours.peakRssMb,
    ...ours.perRequest,
    ceiling: { requestsPerSecond: ceiling.requestsPerSecond, p99Ms: ceiling.p99Ms, cpuMsPerRequest: ceiling.cpuMsPerRequest },
    ratio: ceiling.requestsPerSecond ? requestsPerSecond / ceiling.requestsPerSecond : undefined,
    cpuRatio: ourCpu > 0 ? ceiling.cpuMsPerRequest / ourCpu : undefined,
    extra: { ...(r.non2xx ? { statuses: JSON.stringify(r.statusCodes) } : {}), ...('upload' in source ? { MBps: Math.round(requestsPerSecond * (source.upload === '1mb' ? 1 : 5) * 10) / 10 } : {}) },
  };
}

/** The ceiling answers each scenario with the bytes our server answered for one of its requests. */
async function captureAnswers(server: ServerProcess, headers: Record<string, string>, run: RunDataset) {
  const answers: Record<string, { status: number; body: string }> = {};
  for (const scenario of HTTP_SCENARIOS) {
    if (!selected(scenario.key, scenario.name)) continue;
    const { path: url, body } = scenario.next(run.meta)();
    const response = await fetch(`${server.url}${url}`, { method: scenario.method, headers, body });
    answers[scenario.key] = { status: response.status, body: await response.text() };
    if (!response.ok) console.warn(`  ${scenario.name}: our server answered ${response.status} to the sample request`);
  }
  return answers;
}

async function benchScale(scale: number): Promise<ScenarioResult[]> {
  const dataset = await prepareRun(ROOT, engine, scale, adminUrl, args.fresh!);
  // Private targets allowed: the webhook scenario's receiver is on loopback.
  const server = await startServer({ ...dataset.env, BENCH_METRICS: 'true', WEBHOOK_ALLOW_PRIVATE: 'true' });
  if (engine === 'sqlite' && !args['no-settle']) {
    const settle = await waitForSearchIndexSettled(path.join(dataset.workDir, 'floatmessage.db'));
    console.log(`  search index ${settle.settled ? 'merged' : 'still merging'} ${settle.seconds} s after the server started (at start: ${settle.atStart})`);
  }
  const headers = { authorization: `Bearer ${dataset.meta.apiToken}`, 'content-type': 'application/json' };
  const results: ScenarioResult[] = [];
  let ceiling: ServerProcess | undefined;
  let backends: PostgresBackends | null = null;
  try {
    await storePageTwoCursors(server, headers, dataset);
    ceiling = await startCeiling(await captureAnswers(server, headers, dataset), dataset.workDir);
    backends = dataset.database ? await PostgresBackends.connect(adminUrl, dataset.database) : null;
    const run: Run = { dataset, server, ceiling, backends, headers };
    for (const scenario of HTTP_SCENARIOS) {
      if (selected(scenario.key, scenario.name)) results.push(report(await httpComparison(run, scenario.name, { scenario: scenario.key }, headers, load)));
    }
    for (const spec of EXPORTS) if (selected('export', spec.name)) results.push(report(await measureExport(run, dataset, spec)));
    if (selected('head-of-line', 'ticket by id while 5 prefix searches/s')) results.push(report(await headOfLine(run)));
    if (selected('webhooks', 'status change with 3 webhooks')) results.push(...(await webhookThroughput(run)).map(report));
    if (selected('delivery', 'message delivery')) results.push(report(await delivery(run)));
    if (selected('idle', 'idle visitor sockets')) results.push(report(await idleSockets(run)));
    // Uploads last: their buffers raise the server's resident memory for the rest of the run.
    if (selected('upload', 'upload')) {
      const uploadHeaders = { authorization: headers.authorization, 'content-type': UPLOAD_CONTENT_TYPE };
      results.push(report(await httpComparison(run, 'upload 1 MB PDF', { upload: '1mb' }, uploadHeaders, load)));
      results.push(report(await httpComparison(run, 'upload 5 MB text', { upload: '5mb' }, uploadHeaders, load)));
      // The memory target: 50 concurrent 5 MB uploads.
      results.push(report(await httpComparison(run, 'upload 5 MB text, 50 connections', { upload: '5mb' }, uploadHeaders, { ...load, connections: 50 })));
    }
  } finally {
    await backends?.close();
    await ceiling?.stop();
    await server.stop();
    await dataset.dispose();
  }
  return results;
}

/** p99 of a cheap request (ticket by id) while prefix searches for a common word arrive at 5/s. */
async function headOfLine(run: Run): Promise<ScenarioResult> {
  const meta = run.dataset.meta;
  const job = { kind: 'http' as const, url: run.server.url, metaFile: run.dataset.metaFile, headers: run.headers, ...load, source: { scenario: httpScenario('ticket').key }, background: { path: PREFIX_SEARCH_PATH, perSecond: 5 } };
  const ours = await measureOurs<HttpLoadResult>(run, job, (r) => r.requests + (r.background?.sent ?? 0));
  const r = ours.result;
  const searches = r.background!;
  return {
    scenario: 'ticket by id while 5 prefix searches/s run', scale: meta.scale, engine: meta.engine,
    failed: r.non2xx + r.errors > 0 || searches.ok < searches.sent,
    requestsPerSecond: Math.round(r.ok / r.seconds), p50Ms: r.p50Ms, p99Ms: r.p99Ms, non2xx: r.non2xx, errors: r.errors, peakRssMb: ours.peakRssMb,
    ...ours.perRequest,
    extra: { ...(r.non2xx ? { statuses: JSON.stringify(r.statusCodes) } : {}), searches: `${searches.ok}/${searches.sent} ok`, 'search p50 ms': searches.p50Ms, 'search p99 ms': searches.p99Ms },
  };
}

/** Ticket PATCH (status change) throughput without webhooks, then with 3 active webhooks (target: within 10 %). */
async function webhookThroughput(run: Run): Promise<ScenarioResult[]> {
  const meta = run.dataset.meta;
  const job = { kind: 'http' as const, url: run.server.url, metaFile: run.dataset.metaFile, headers: run.headers, ...load, source: { scenario: httpScenario('status').key } };
  const row = (name: string, ours: { result: HttpLoadResult; peakRssMb: number; perRequest: Partial<ScenarioResult> }, extra: Record<string, string | number>): ScenarioResult => ({
    scenario: name, scale: meta.scale, engine: meta.engine,
    failed: ours.result.ok === 0 || ours.result.non2xx + ours.result.errors > 0,
    requestsPerSecond: Math.round(ours.result.ok / ours.result.seconds), p50Ms: ours.result.p50Ms, p99Ms: ours.result.p99Ms,
    non2xx: ours.result.non2xx, errors: ours.result.errors, peakRssMb: ours.peakRssMb, ...ours.perRequest, extra,
  });
  const without = await measureOurs<HttpLoadResult>(run, job, (r) => r.requests);
  const hooks = await startBenchWebhooks(run.server.url, run.headers, 3);
  try {
    const withHooks = await measureOurs<HttpLoadResult>(run, job, (r) => r.requests);
    const base = row('status change, no webhooks', without, {});
    const ratio = base.requestsPerSecond ? Math.round((withHooks.result.ok / withHooks.result.seconds / base.requestsPerSecond) * 1000) / 1000 : 0;
    return [base, row('status change with 3 webhooks', withHooks, { 'webhook deliveries received': hooks.received(), 'req/s vs no webhooks': ratio })];
  } finally {
    await hooks.stop();
  }
}

async function delivery(run: Run): Promise<ScenarioResult> {
  const meta = run.dataset.meta;
  const rate = Number(args['message-rate']);
  const job = { kind: 'delivery' as const, url: run.server.url, metaFile: run.dataset.metaFile, rate, durationSeconds: load.durationSeconds, warmupSeconds: load.warmupSeconds };
  const ours = await measureOurs<DeliveryResult>(run, job, (r) => r.sent);
  const r = ours.result;
  const lost = r.sent - r.delivered;
  return {
    scenario: `message delivery at ${rate}/s (after ${load.warmupSeconds} s warm-up)`, scale: meta.scale, engine: meta.engine,
    failed: r.errors > 0 || lost > 0,
    requestsPerSecond: Math.round(r.sent / r.seconds), p50Ms: r.p50Ms, p99Ms: r.p99Ms, non2xx: r.errors, errors: lost, peakRssMb: ours.peakRssMb,
    ...ours.perRequest,
    // Flat memory: the server's RSS when the measured messages started and after the last one.
    extra: {
      sent: r.sent, delivered: r.delivered, ...(r.firstError ? { 'first error': r.firstError } : {}), 'RSS MB before → after': `${ours.costs.rssBeforeMb} → ${ours.costs.rssAfterMb}`,
      'generator loop delay p99 / max ms': `${r.generator.loopDelayP99Ms} / ${r.generator.loopDelayMaxMs}`, 'late sends': r.generator.lateSends,
    },
  };
}

async function idleSockets(run: Run): Promise<ScenarioResult> {
  const meta = run.dataset.meta;
  const count = Number(args.sockets);
  const r = await runInWorker({ kind: 'idle', url: run.server.url, metaFile: run.dataset.metaFile, count, pid: run.server.child.pid! }, async () => {});
  return {
    scenario: `${count.toLocaleString('en')} idle visitor sockets`, scale: meta.scale, engine: meta.engine,
    failed: r.errors > 0, requestsPerSecond: 0, p50Ms: 0, p99Ms: 0, non2xx: 0, errors: r.errors, peakRssMb: r.rssAfterMb,
    extra: { open: r.open, rssBeforeMb: r.rssBeforeMb, kbPerSocket: r.open ? Math.round(((r.rssAfterMb - r.rssBeforeMb) * 1024) / r.open * 10) / 10 : 0 },
  };
}

function report(row: ScenarioResult): ScenarioResult {
  const ceiling = row.ceiling ? `; ceiling ${row.ceiling.requestsPerSecond}/s at ${row.ceiling.cpuMsPerRequest} CPU ms/req` : '';
  const extra = row.extra ? ` ${JSON.stringify(row.extra)}` : '';
  console.log(`  ${row.failed ? 'FAILED ' : ''}${row.scenario}: ${row.requestsPerSecond} 2xx/s, p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms, non-2xx ${row.non2xx}, errors ${row.errors}, ` +
    `CPU ${row.cpuMsPerRequest ?? '-'}+${row.databaseCpuMsPerRequest ?? 0} ms/req, ${row.queriesPerRequest ?? '-'} statements/req, loop delay p99 ${row.eventLoopDelayP99Ms ?? '-'} / max ${row.eventLoopDelayMaxMs ?? '-'} ms, ` +
    `GC ${row.gcPauses ? `${row.gcPauses.totalMs} / max ${row.gcPauses.maxMs} ms (${row.gcPauses.major} major)` : '-'}, peak RSS ${row.peakRssMb} MB${ceiling}${extra}`);
  return row;
}

async function main() {
  if (args['generate-only']) {
    for (const scale of scales) await (await prepareRun(ROOT, engine, scale, adminUrl, args.fresh!)).dispose();
    return;
  }
  const all: ScenarioResult[] = [];
  for (const scale of scales) all.push(...(await benchScale(scale)));
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const outDir = path.join(ROOT, 'bench/results');
  fs.mkdirSync(outDir, { recursive: true });
  const header = `# FloatMessage benchmark — ${engine}, ${new Date().toISOString()}\n\nMachine: ${machineDescription()}. ` +
    `${load.connections} connections, ${load.durationSeconds} s per scenario after ${load.warmupSeconds} s warm-up. Command: \`npx tsx bench/run.ts ${process.argv.slice(2).join(' ')}\``;
  const markdown = toMarkdown(all, header);
  fs.writeFileSync(path.join(outDir, `${stamp}-${engine}.json`), JSON.stringify({ machine: machineDescription(), load, argv: process.argv.slice(2), results: all }, null, 2));
  fs.writeFileSync(path.join(outDir, `${stamp}-${engine}.md`), markdown);
  console.log(`\n${markdown}`);
  if (all.some((r) => r.failed)) process.exitCode = 2;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
