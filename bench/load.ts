import autocannon from 'autocannon';
import { samplePeakRss } from './processes.js';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  peakRssMb: number;
  throughputMBps: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  pid: number | undefined;
  method?: string;
  headers?: Record<string, string>;
  /** Called per request: returns the path (and optional body) to send. */
  next: () => { path: string; body?: string | Buffer };
}

/** Runs autocannon for a warm-up, then the measured run, sampling the server's RSS meanwhile. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const run = (duration: number) =>
    autocannon({
      url: options.url,
      connections: options.connections,
      duration,
      method: (options.method ?? 'GET') as autocannon.Request['method'],
      headers: options.headers,
      requests: [{
        setupRequest: (request) => {
          const { path, body } = options.next();
          return { ...request, path, ...(body !== undefined ? { body } : {}) };
        },
      }],
    });
  if (options.warmupSeconds > 0) await run(options.warmupSeconds);
  const stopSampling = options.pid ? samplePeakRss(options.pid) : () => 0;
  const result = await run(options.durationSeconds);
  const peakRssMb = stopSampling();
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    peakRssMb,
    throughputMBps: Math.round((result.throughput.average / 1e6) * 10) / 10,
  };
}
