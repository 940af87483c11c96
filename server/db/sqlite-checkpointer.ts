import { startSqliteWorker } from './sqlite-worker.js';

/**
 * SQLite WAL checkpoints outside requests (issue 20). By default SQLite checkpoints inside the commit
 * that pushes the WAL past 1,000 pages, i.e. inside some request, on the one connection every request
 * shares. Here a worker thread with its own connection to the same file runs `PRAGMA wal_checkpoint(PASSIVE)`
 * every `periodMs` (PASSIVE never waits for readers or writers; it copies what it can) and a RESTART past
 * RESTART_PAGES; the main connection checkpoints inside a commit only past WAL_SAFETY_PAGES (database.ts).
 * If the worker stops unexpectedly, the main connection gets SQLite's own autocheckpoint back.
 */
export interface SqliteCheckpointer {
  /** False once the worker has exited. */
  readonly running: boolean;
  /** Stops the worker (closing its connection) and waits for it to exit. */
  stop(): Promise<void>;
}

/** The thread's source (see sqlite-worker.ts). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
// Never wait for a lock: a checkpoint that finds the database busy simply runs at the next tick.
db.pragma('busy_timeout = 0');
const tick = () => {
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    // Under a steady stream of writes a PASSIVE checkpoint never finds the moment to let the WAL start over
    // (a writer is always ahead of it), so past restartPages: RESTART, which briefly holds writers (they wait
    // asynchronously) while it copies the few frames PASSIVE left and makes the next write start the WAL over.
    if (result && result.log >= workerData.restartPages) {
      db.pragma('busy_timeout = ' + workerData.restartWaitMs);
      try { db.pragma('wal_checkpoint(RESTART)'); } finally { db.pragma('busy_timeout = 0'); }
    }
  } catch { /* busy or being recovered: next tick */ }
};
const timer = setInterval(tick, workerData.periodMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/** A WAL of this many pages (4 MB at 4 KB pages, SQLite's own checkpoint size) is started over by a RESTART checkpoint. */
export const RESTART_PAGES = 1000;
/** How long a RESTART checkpoint waits for the writer and readers before giving up until the next tick. */
const RESTART_WAIT_MS = 20;

export function startSqliteCheckpointer(file: string, periodMs: number, onUnexpectedExit: () => void): SqliteCheckpointer {
  let running = true;
  const thread = startSqliteWorker(WORKER_SOURCE, { file, periodMs, restartPages: RESTART_PAGES, restartWaitMs: RESTART_WAIT_MS }, (unexpected) => {
    running = false;
    // The main connection checkpoints again by itself.
    if (unexpected) onUnexpectedExit();
  });
  return {
    get running() {
      return running;
    },
    async stop() {
      if (running) await thread.stop();
    },
  };
}
