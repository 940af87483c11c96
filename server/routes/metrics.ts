import { monitorEventLoopDelay } from 'node:perf_hooks';
import { AppError } from '../errors.js';
import { totalQueries } from '../db/query-counter.js';
import type { App } from '../types.js';

/** Sampling interval of the delay monitor; Node's figures are whole intervals, so it is subtracted. */
const RESOLUTION_MS = 1;
const delayMs = (ns: number) => Math.max(0, Math.round((ns / 1e6 - RESOLUTION_MS) * 100) / 100);

/**
 * Process figures for the benchmark, only with BENCH_METRICS=true (otherwise 404, like any unknown
 * path: the dashboard's page fallback must not answer it). Not part of the API: hidden from OpenAPI,
 * unauthenticated, so never enable it on a server reachable from outside.
 * `cpu` (µs) and `queries` are totals since start: the benchmark takes differences. `eventLoopDelay`
 * (ms beyond the 1 ms sampling interval) covers the time since the previous read, which resets it.
 */
export default async function metricsRoutes(app: App) {
  const delay = app.config.benchMetrics ? monitorEventLoopDelay({ resolution: RESOLUTION_MS }) : null;
  if (delay) {
    delay.enable();
    app.addHook('onClose', async () => delay.disable());
  }
  let since = Date.now();

  app.get('/internal/metrics', { schema: { hide: true }, logLevel: 'warn' }, async () => {
    if (!delay) throw new AppError(404, 'not_found', 'No route for GET /internal/metrics.');
    const eventLoopDelay = { p50: delayMs(delay.percentile(50)), p99: delayMs(delay.percentile(99)), max: delayMs(delay.max), sinceMs: Date.now() - since };
    delay.reset();
    since = Date.now();
    return { cpu: process.cpuUsage(), queries: totalQueries(), eventLoopDelay, rss: process.memoryUsage.rss() };
  });
}
