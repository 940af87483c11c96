import os from 'node:os';
import type { Costs } from './measure.js';

/** One measured scenario. Throughput counts 2xx answers only; any non-2xx or error marks it failed. */
export interface ScenarioResult {
  scenario: string;
  scale: number;
  engine: string;
  failed: boolean;
  /** 2xx answers per second (messages sent per second for delivery). */
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  peakRssMb: number;
  /** Our server process's CPU per request, and the PostgreSQL backends' (0 on SQLite). */
  cpuMsPerRequest?: number;
  databaseCpuMsPerRequest?: number;
  /** Statements (round trips on PostgreSQL, BEGIN/COMMIT included) per request. */
  queriesPerRequest?: number;
  eventLoopDelayP99Ms?: number;
  eventLoopDelayMaxMs?: number;
  /** Our server's garbage-collection pauses during the measured run: total and longest ms, major collections. */
  gcPauses?: { totalMs: number; maxMs: number; major: number };
  ceiling?: { requestsPerSecond: number; p99Ms: number; cpuMsPerRequest: number };
  /** Our req/s ÷ the ceiling's, and our requests per CPU-second (server + database) ÷ the ceiling's. */
  ratio?: number;
  cpuRatio?: number;
  extra?: Record<string, number | string>;
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Per-request figures from the costs of a measured run that completed `requests` requests. */
export function perRequest(costs: Costs, requests: number): Partial<ScenarioResult> {
  const delay = {
    eventLoopDelayP99Ms: costs.eventLoopDelay.p99, eventLoopDelayMaxMs: costs.eventLoopDelay.max,
    gcPauses: costs.gc,
  };
  if (requests === 0) return delay; // nothing completed: no per-request figure to give
  const n = requests;
  return {
    cpuMsPerRequest: round((costs.serverCpuSeconds * 1000) / n, 3),
    databaseCpuMsPerRequest: round((costs.databaseCpuSeconds * 1000) / n, 3),
    queriesPerRequest: round(costs.queries / n, 2),
    ...delay,
  };
}

export function machineDescription(): string {
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} at start`;
}

const pct = (ratio: number | undefined) => (ratio !== undefined && Number.isFinite(ratio) ? `${Math.round(ratio * 100)}%` : '');
const cell = (value: number | undefined) => (value === undefined ? '' : String(value));

export function toMarkdown(results: ScenarioResult[], header: string): string {
  const lines = [
    header,
    '',
    '| scale | scenario | 2xx/s | p50 ms | p99 ms | non-2xx / errors | CPU ms/req (server + db) | round trips/req | loop delay p99 / max ms | GC pauses total / max ms (major) | peak RSS MB | ceiling 2xx/s | ceiling CPU ms/req | ours/ceiling req/s | ours/ceiling per CPU-s | notes |',
    '|---:|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of results) {
    const extra = r.extra ? Object.entries(r.extra).map(([k, v]) => `${k}=${v}`).join(', ') : '';
    const cpu = r.cpuMsPerRequest === undefined ? '' : `${r.cpuMsPerRequest}${r.databaseCpuMsPerRequest ? ` + ${r.databaseCpuMsPerRequest}` : ''}`;
    const delay = r.eventLoopDelayP99Ms === undefined ? '' : `${r.eventLoopDelayP99Ms} / ${r.eventLoopDelayMaxMs}`;
    const gc = r.gcPauses ? `${r.gcPauses.totalMs} / ${r.gcPauses.maxMs} (${r.gcPauses.major})` : '';
    lines.push(`| ${r.scale.toLocaleString('en')} | ${r.scenario}${r.failed ? ' **FAILED**' : ''} | ${r.requestsPerSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.non2xx} / ${r.errors} | ${cpu} | ${cell(r.queriesPerRequest)} | ${delay} | ${gc} | ${r.peakRssMb} | ${cell(r.ceiling?.requestsPerSecond)} | ${cell(r.ceiling?.cpuMsPerRequest)} | ${pct(r.ratio)} | ${pct(r.cpuRatio)} | ${extra} |`);
  }
  return `${lines.join('\n')}\n`;
}
