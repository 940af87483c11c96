import { createRequire } from 'node:module';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * A worker thread with its own better-sqlite3 connection (the checkpointer, the reader threads). Its source is
 * plain JavaScript run with `eval` (the same under tsx, vitest and the built server); it gets `workerData.driver`
 * (where better-sqlite3 is) and must close its connection and port on the message 'stop'. Unref'd: an idle worker
 * does not keep a process alive.
 */
export interface SqliteWorker {
  worker: Worker;
  /** Asks the worker to close its connection and waits until it has exited (it is ref'd meanwhile). */
  stop(): Promise<void>;
}

export function startSqliteWorker(
  source: string,
  workerData: Record<string, unknown>,
  /** Called once when the thread has exited; `unexpected` unless stop() asked for it. */
  onExit: (unexpected: boolean) => void,
  resourceLimits?: ResourceLimits,
): SqliteWorker {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(source, { eval: true, workerData: { ...workerData, driver }, ...(resourceLimits ? { resourceLimits } : {}) });
  worker.unref();
  // Reported through 'exit' (the thread is gone).
  worker.on('error', () => {});
  let stopping = false;
  const exited = new Promise<void>((resolve) => {
    worker.once('exit', () => {
      onExit(!stopping);
      resolve();
    });
  });
  return {
    worker,
    async stop() {
      stopping = true;
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
