import { startSqliteWorker } from './sqlite-worker.js';

/**
 * SQLite maintenance outside requests (issue 20): WAL checkpoints and full-text index merges.
 *
 * Checkpoints. By default SQLite checkpoints inside the commit
 * that pushes the WAL past 1,000 pages, i.e. inside some request, on the one connection every request
 * shares. Here a worker thread with its own connection to the same file runs `PRAGMA wal_checkpoint(PASSIVE)`
 * every `periodMs` (PASSIVE never waits for readers or writers; it copies what it can) and a RESTART past
 * RESTART_PAGES; the main connection checkpoints inside a commit only past WAL_SAFETY_PAGES (database.ts).
 * If the worker stops unexpectedly, the main connection gets SQLite's own autocheckpoint back.
 *
 * Full-text merges. FTS5 merges its index segments inside the commit that adds one ('automerge'): at 1M
 * tickets one commit in ~20 paid 4–92 ms for it (a notes save's p99 was 90 ms, the event loop's delay p99
 * 84 ms). While this worker runs, automerge is off for FTS_TABLES and the worker merges in small steps
 * ('merge', MERGE_PAGES) between requests: a step holds the write lock ~7–14 ms, never on the event loop
 * (a writer that meets it waits asynchronously). Measured on a copy of the 1M data set, 3,000 one-document
 * commits: commit p99 36 ms, max 49 ms with automerge; p99 0.23 ms, max 4.8 ms without, the merge work
 * done by 60 steps (p50 6.9 ms) that cost 477 ms in all against ~2.6 s inside commits. Should the worker
 * stop unexpectedly, automerge is switched back on; FTS5's 'crisismerge' bounds the segments meanwhile.
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
const totalChanges = db.prepare('select total_changes() as n');
const automergeOff = new Set();
// FTS5 takes these settings as integers only (a bound JS number is a REAL to SQLite): BigInt.
const setAutomerge = (table, pages) => db.prepare("insert into " + table + "(" + table + ", rank) values ('automerge', ?)").run(BigInt(pages));
const steps = new Map();
const merge = () => {
  for (const table of workerData.ftsTables) {
    try {
      if (!automergeOff.has(table)) {
        setAutomerge(table, 0);
        automergeOff.add(table);
      }
      let step = steps.get(table);
      if (!step) steps.set(table, (step = db.prepare("insert into " + table + "(" + table + ", rank) values ('merge', ?)")));
      for (let i = 0; i < workerData.mergeSteps; i++) {
        const before = totalChanges.get().n;
        step.run(BigInt(workerData.mergePages));
        // Fewer than 2 changes: nothing was left to merge (FTS5's documented test).
        if (totalChanges.get().n - before < 2) break;
      }
    } catch { /* busy, or the table does not exist yet (before migrations): next tick */ }
  }
};
const timer = setInterval(() => { tick(); merge(); }, workerData.periodMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  // Stopped cleanly: the next process may run without this worker (SQLITE_CHECKPOINT_MS=0).
  db.pragma('busy_timeout = ' + workerData.restartWaitMs * 5);
  for (const table of automergeOff) {
    try { setAutomerge(table, workerData.defaultAutomerge); } catch { /* busy: the next start sets it again */ }
  }
  db.close();
  parentPort.close();
});
`;

/** FTS5 tables merged by the worker instead of inside commits. */
const FTS_TABLES = ['ticket_search'];
/** FTS5's own default 'automerge', restored when the worker stops. */
export const DEFAULT_AUTOMERGE = 4;

/**
 * The worker is gone: the request connection (`raw`) does SQLite's own maintenance inside commits again —
 * checkpoints at SQLite's default size, and FTS5's merges.
 */
export function restoreInCommitMaintenance(raw: { open: boolean; pragma(source: string): unknown; prepare(source: string): { run(...params: unknown[]): unknown } }): void {
  if (!raw.open) return;
  raw.pragma('wal_autocheckpoint = 1000');
  for (const table of FTS_TABLES) {
    try {
      // FTS5 takes the setting as an integer only (a bound JS number is a REAL to SQLite).
      raw.prepare(`insert into ${table}(${table}, rank) values ('automerge', ?)`).run(BigInt(DEFAULT_AUTOMERGE));
    } catch { /* busy or not created yet: crisis merges still bound the index */ }
  }
}
/** Pages written per merge step, and steps per tick at most. */
const MERGE_PAGES = 64;
const MERGE_STEPS = 4;

/** A WAL of this many pages (2 MB at 4 KB pages, half the request connection's limit) is started over by a RESTART checkpoint. */
export const RESTART_PAGES = 500;
/** How long a RESTART checkpoint waits for the writer and readers before giving up until the next tick. */
const RESTART_WAIT_MS = 20;

export function startSqliteCheckpointer(file: string, periodMs: number, onUnexpectedExit: () => void): SqliteCheckpointer {
  let running = true;
  const workerData = {
    file, periodMs, restartPages: RESTART_PAGES, restartWaitMs: RESTART_WAIT_MS,
    ftsTables: FTS_TABLES, mergePages: MERGE_PAGES, mergeSteps: MERGE_STEPS, defaultAutomerge: DEFAULT_AUTOMERGE,
  };
  const thread = startSqliteWorker(WORKER_SOURCE, workerData, (unexpected) => {
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
