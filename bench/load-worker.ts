import fs from 'node:fs';
import autocannon from 'autocannon';
import type { DatasetMeta } from './generate.js';
import { httpScenario } from './http-scenarios.js';
import type { HttpLoadResult, LoadJob, RequestSource } from './load.js';
import { uploadNext } from './upload-scenarios.js';
import { measureDeliveryLatency, measureIdleSockets, startConversations } from './ws-scenarios.js';

/**
 * The load generator's own process (see bench/load.ts): receives one job over IPC, warms up,
 * reports "measuring", waits for the orchestrator's snapshot, runs the measured part, answers the result.
 */
const measuring = () => new Promise<void>((resolve) => {
  process.once('message', () => resolve());
  process.send!({ type: 'measuring' });
});

function requestsOf(source: RequestSource, meta: DatasetMeta): () => { path: string; body?: string | Buffer } {
  const next = 'upload' in source ? uploadNext(meta, source.upload) : httpScenario(source.scenario).next(meta);
  const prefix = source.prefix ?? '';
  return () => {
    const request = next();
    return { ...request, path: `${prefix}${request.path}` };
  };
}

async function httpJob(job: Extract<LoadJob, { kind: 'http' }>, meta: DatasetMeta): Promise<HttpLoadResult> {
  const next = requestsOf(job.source, meta);
  const method = ('upload' in job.source ? 'POST' : httpScenario(job.source.scenario).method) as autocannon.Request['method'];
  const run = (duration: number) => autocannon({
    url: job.url, connections: job.connections, duration, method, headers: job.headers,
    // 5 MB uploads at 50 connections can take longer than autocannon's default 10 s each on a busy machine.
    timeout: 'upload' in job.source ? 60 : 10,
    requests: [{ setupRequest: (request) => ({ ...request, ...next() }) }],
  });
  if (job.warmupSeconds > 0) await run(job.warmupSeconds);
  await measuring();
  const background = job.background ? startBackground(job.url, job.headers, job.background) : null;
  const result = await run(job.durationSeconds);
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats as unknown as Record<string, { count: number }>).map(([code, { count }]) => [code, count]));
  return {
    seconds: result.duration,
    requests: result.requests.total,
    ok: result['2xx'],
    non2xx: result.non2xx,
    statusCodes,
    errors: result.errors + result.timeouts,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    background: await background?.stop(),
  };
}

/** Open-loop requests at a fixed rate (not waiting for answers), e.g. 5 prefix searches per second. */
function startBackground(url: string, headers: Record<string, string>, { path, perSecond }: { path: string; perSecond: number }) {
  const latencies: number[] = [];
  const inflight: Promise<void>[] = [];
  let ok = 0;
  const timer = setInterval(() => {
    const started = performance.now();
    inflight.push(fetch(`${url}${path}`, { headers }).then(async (response) => {
      await response.arrayBuffer();
      if (response.ok) ok++;
      latencies.push(performance.now() - started);
    }, () => {}));
  }, 1000 / perSecond);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(inflight);
      const sorted = latencies.sort((a, b) => a - b);
      const at = (p: number) => Math.round((sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0) * 10) / 10;
      return { sent: inflight.length, ok, p50Ms: at(0.5), p99Ms: at(0.99) };
    },
  };
}

async function runJob(job: LoadJob): Promise<unknown> {
  const meta = JSON.parse(fs.readFileSync(job.metaFile, 'utf8')) as DatasetMeta;
  if (job.kind === 'http') return httpJob(job, meta);
  if (job.kind === 'delivery') {
    const visitors = await startConversations(job.url, meta.siteKey, 200);
    // Warm-up at the same rate: first sockets, statement caches and JIT are not what we measure.
    if (job.warmupSeconds > 0) await measureDeliveryLatency(job.url, meta, visitors, job.rate, job.warmupSeconds, 'warmup');
    await measuring();
    return measureDeliveryLatency(job.url, meta, visitors, job.rate, job.durationSeconds, 'measured');
  }
  await measuring();
  return measureIdleSockets(job.url, meta, job.pid, job.count);
}

process.once('message', (job: LoadJob) => {
  runJob(job).then(
    (result) => process.send!({ type: 'result', result }, () => process.exit(0)),
    (error: Error) => process.send!({ type: 'error', message: error.stack ?? String(error) }, () => process.exit(1)),
  );
});
