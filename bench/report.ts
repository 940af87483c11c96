import os from 'node:os';

export interface ScenarioResult {
  scenario: string;
  scale: number;
  engine: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx?: number;
  peakRssMb: number;
  ceilingRequestsPerSecond?: number;
  ratio?: number;
  extra?: Record<string, number | string>;
}

export function machineDescription(): string {
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

export function toMarkdown(results: ScenarioResult[], header: string): string {
  const lines = [
    header,
    '',
    '| engine | scale | scenario | req/s | p50 ms | p99 ms | errors | peak RSS MB | ceiling req/s | ours/ceiling | notes |',
    '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of results) {
    const extra = r.extra ? Object.entries(r.extra).map(([k, v]) => `${k}=${v}`).join(', ') : '';
    lines.push(`| ${r.engine} | ${r.scale.toLocaleString('en')} | ${r.scenario} | ${r.requestsPerSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.errors + (r.non2xx ?? 0)} | ${r.peakRssMb} | ${r.ceilingRequestsPerSecond ?? ''} | ${r.ratio !== undefined ? `${Math.round(r.ratio * 100)}%` : ''} | ${extra} |`);
  }
  return `${lines.join('\n')}\n`;
}
