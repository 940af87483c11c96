import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { AppError } from '../errors.js';
import { totalQueries } from '../db/query-counter.js';
import type { App } from '../types.js';

/** Sampling interval of the delay monitor; Node's figures are whole intervals, so it is subtracted. */
const RESOLUTION_MS = 1;
const delayMs = (ns: number) => Math.max(0, Math.round((ns / 1e6 - RESOLUTION_MS) * 100) / 100);
const roundMs = (ms: number) => Math.round(ms * 100) / 100;

/** Garbage-collection pauses since the last read: a latency tail with a quiet database is often one of these. */
function watchGarbageCollection() {
  const pauses = { count: 0, totalMs: 0, maxMs: 0, major: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      pauses.count++;
      pauses.totalMs += entry.duration;
      pauses.maxMs = Math.max(pauses.maxMs, entry.duration);
      if ((entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) pauses.major++;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    read() {
      const figures = { count: pauses.count, totalMs: roundMs(pauses.totalMs), maxMs: roundMs(pauses.maxMs), major: pauses.major };
      Object.assign(pauses, { count: 0, totalMs: 0, maxMs: 0, major: 0 });
      return figures;
    },
    stop: () => observer.disconnect(),
  };
}

/**
 * Process figures for the benchmark, only with BENCH_METRICS=true (otherwise 404, like any unknown
 * path: the dashboard's page fallback must not answer it). Not part of the API: hidden from OpenAPI,
 * unauthenticated, so never enable it on a server reachable from outside.
 * `cpu` (µs) and `queries` are totals since start: the benchmark takes differences. `eventLoopDelay`
 * (ms beyond the 1 ms sampling interval) and `gc` (pauses: count, total and longest ms, major collections)
 * cover the time since the previous read, which resets them.
 */
export default async function metricsRoutes(app: App) {
  const monitors = app.config.benchMetrics ? { delay: monitorEventLoopDelay({ resolution: RESOLUTION_MS }), gc: watchGarbageCollection() } : null;
  if (monitors) {
    monitors.delay.enable();
    app.addHook('onClose', async () => {
      monitors.delay.disable();
      monitors.gc.stop();
    });
  }
  let since = Date.now();

  app.get('/internal/metrics', { schema: { hide: true }, logLevel: 'warn' }, async () => {
    if (!monitors) throw new AppError(404, 'not_found', 'No route for GET /internal/metrics.');
    const { delay, gc } = monitors;
    const eventLoopDelay = { p50: delayMs(delay.percentile(50)), p99: delayMs(delay.percentile(99)), max: delayMs(delay.max), sinceMs: Date.now() - since };
    delay.reset();
    since = Date.now();
    return { cpu: process.cpuUsage(), queries: totalQueries(), eventLoopDelay, gc: gc.read(), rss: process.memoryUsage.rss() };
  });
}
