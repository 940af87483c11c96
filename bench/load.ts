import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Load runs in a process of its own (bench/load-worker.ts): autocannon needs a core of its own,
 * and in the orchestrating process it competed with everything else (back-to-back ceilings once
 * measured 33,465 vs 14,532 req/s). The worker warms up, then asks the orchestrator to take its
 * "before" snapshot and waits for the go-ahead, so costs cover exactly the measured run.
 */
export interface LoadSettings {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}

/** What a request generator sends: an HTTP scenario by key, or an upload, with an optional path prefix (the ceiling's routing). */
export type RequestSource = { scenario: string; prefix?: string } | { upload: '1mb' | '5mb'; prefix?: string };

export type LoadJob =
  | (LoadSettings & {
      kind: 'http';
      url: string;
      metaFile: string;
      headers: Record<string, string>;
      source: RequestSource;
      /** Open-loop background requests during the measured run (the head-of-line scenario). */
      background?: { path: string; perSecond: number };
    })
  | { kind: 'delivery'; url: string; metaFile: string; rate: number; durationSeconds: number; warmupSeconds: number }
  | { kind: 'idle'; url: string; metaFile: string; count: number; pid: number };

export interface HttpLoadResult {
  seconds: number;
  /** Every completed request, 2xx or not. */
  requests: number;
  ok: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  background?: { sent: number; ok: number; p50Ms: number; p99Ms: number };
}

export interface DeliveryResult {
  seconds: number; sent: number; delivered: number; errors: number; firstError?: string; p50Ms: number; p99Ms: number;
  /** The load generator's own event-loop delay (1 ms resolution subtracted) and sends more than 5 ms behind their schedule. */
  generator: { loopDelayP99Ms: number; loopDelayMaxMs: number; lateSends: number };
}
export interface IdleResult { open: number; errors: number; rssBeforeMb: number; rssAfterMb: number }

type WorkerMessage = { type: 'measuring' } | { type: 'result'; result: unknown } | { type: 'error'; message: string };

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'load-worker.ts');

export function runInWorker(job: Extract<LoadJob, { kind: 'http' }>, onMeasuring: () => Promise<void>): Promise<HttpLoadResult>;
export function runInWorker(job: Extract<LoadJob, { kind: 'delivery' }>, onMeasuring: () => Promise<void>): Promise<DeliveryResult>;
export function runInWorker(job: Extract<LoadJob, { kind: 'idle' }>, onMeasuring: () => Promise<void>): Promise<IdleResult>;
export function runInWorker(job: LoadJob, onMeasuring: () => Promise<void>): Promise<unknown> {
  const child = fork(WORKER, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    let settled = false;
    child.on('message', (message: WorkerMessage) => {
      if (message.type === 'measuring') {
        onMeasuring().then(() => child.send('go'), (error) => { settled = true; child.kill(); reject(error); });
      } else if (message.type === 'result') {
        settled = true;
        resolve(message.result);
      } else {
        settled = true;
        reject(new Error(message.message));
      }
    });
    child.on('exit', (code) => { if (!settled) reject(new Error(`load worker exited with ${code}`)); });
    child.send(job);
  });
}
