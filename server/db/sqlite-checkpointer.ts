import { startSqliteWorker } from './sqlite-worker.js';

/**
 * SQLite maintenance outside requests (issue 20): WAL checkpoints and full-text index merges.
 *
 * Checkpoints. By default SQLite checkpoints inside the commit
 * that pushes the WAL past 1,000 pages, i.e. inside some request, on the one connection every request
 * shares. Here a worker thread with its own connection to the same file runs `PRAGMA wal_checkpoint(PASSIVE)`
 * every `periodMs` (PASSIVE never waits for readers or writers; it copies what it can) and a RESTART past
 * RESTART_PAGES; the main connection checkpoints inside a commit only past WAL_SAFETY_PAGES (database.ts).
 * While requests write (BUSY_FRAMES since the last tick) the ticks come every BUSY_PERIOD_MS: 500 visitor
 * messages/s write ~7,500 frames/s at 1M tickets, and with one tick a second the commits checkpointed
 * 1,000 pages themselves ~4 times a second (15–36 ms each, on the event loop).
 * If the worker stops unexpectedly, the main connection gets SQLite's own autocheckpoint back.
 *
 * Full-text merges. FTS5 merges its index segments inside the commit that adds one ('automerge'): at 1M
 * tickets one commit in ~20 paid 4–92 ms for it (a notes save's p99 was 90 ms, the event loop's delay p99
 * 84 ms). While this worker runs, the commits merge only past COMMIT_AUTOMERGE segments a level (a fallback
 * for writes that outpace the worker) and the worker merges in small steps
 * ('merge', MERGE_PAGES) between requests: a step holds the write lock ~7–14 ms, never on the event loop
 * (a writer that meets it waits asynchronously). Measured on a copy of the 1M data set, 3,000 one-document
 * commits: commit p99 36 ms, max 49 ms with automerge; p99 0.23 ms, max 4.8 ms without, the merge work
 * done by 60 steps (p50 6.9 ms) that cost 477 ms in all against ~2.6 s inside commits. A step that finishes
 * a merge deletes the merged segments (~1,500 rows, ~50 ms at 1M): after it the worker checkpoints at once and
 * ends the tick's merging, and while requests write it merges only every BUSY_MERGE_PERIODS periods, and only
 * segments the requests added (an older backlog waits until the writes pause). Should the worker
 * stop unexpectedly, the commits' automerge goes back to FTS5's default.
 */
export interface SqliteCheckpointer {
  /** False once the worker has exited. */
  readonly running: boolean;
  /** Stops the worker (closing its connection) and waits for it to exit. */
  stop(): Promise<void>;
}

/** The thread's source (see sqlite-worker.ts). */
const WORKER_SOURCE = `
const fs = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
// Never wait for a lock: a checkpoint that finds the database busy simply runs at the next tick.
db.pragma('busy_timeout = 0');
// Whether requests are writing: BUSY_FRAMES or more WAL frames since the previous checkpoint (see BUSY_PERIOD_MS).
let lastFrames = 0;
let lastGeneration = -1;
let quietTicks = Infinity;
let writing = false;
const walHeader = Buffer.alloc(4);
/**
 * The WAL header's checkpoint sequence number (bytes 12–15), which changes whenever the WAL starts over; -1 without
 * a WAL. Frames cannot tell it: the WAL may start over (after the commits' own checkpoint) and grow past its old size
 * between two ticks — at 500 messages/s 406 frames, then 435 new ones counted as 29, "idle".
 */
const walGeneration = () => {
  try {
    const fd = fs.openSync(workerData.file + '-wal', 'r');
    try { return fs.readSync(fd, walHeader, 0, 4, 12) === 4 ? walHeader.readUInt32BE(0) : -1; } finally { fs.closeSync(fd); }
  } catch { return -1; }
};
/**
 * Checkpoints, and notes whether requests are writing. A checkpoint that could not run (another connection was
 * checkpointing: SQLite answers busy with -1 frames) says nothing about the writes, so it leaves the state as it was.
 * (Taken for "idle", it paused the worker a whole period, during which the commits checkpointed 1,000 pages themselves
 * every ~130 ms at 500 messages/s — ~16 ms each on the event loop — and the worker, meeting their checkpoints, found
 * busy again.) Every checkpoint counts, the merges' own included: counted from a stale size, the frames since a
 * merge's checkpoint looked like "idle" too. See walGeneration for the WAL starting over.
 */
const tick = (afterOwnMerge = false) => {
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    if (!result || result.log < 0) return;
    // Frames written since the last checkpoint (all of them when the WAL started over meanwhile).
    const generation = walGeneration();
    const written = generation === lastGeneration && result.log >= lastFrames ? result.log - lastFrames : result.log;
    [lastFrames, lastGeneration] = [result.log, generation];
    // Writing until quietTicks ticks in a row saw fewer: one slow interval (the load pausing 50 ms) is not idleness,
    // and taken for it, it paused the checkpoints for a whole period.
    // The frames of the worker's own merge are not requests writing (counted, an idle backlog merge looked like
    // requests writing and merged at the busy pace). Frames requests wrote during the merge go uncounted: they waited
    // for its lock, and the next tick counts what they write after it.
    if (!afterOwnMerge) {
      quietTicks = written >= workerData.busyFrames ? 0 : quietTicks + 1;
      writing = quietTicks < workerData.quietTicks;
    }
    // Under a steady stream of writes a PASSIVE checkpoint never finds the moment to let the WAL start over
    // (a writer is always ahead of it), so past restartPages: RESTART, which briefly holds writers (they wait
    // asynchronously) while it copies the few frames PASSIVE left and makes the next write start the WAL over.
    if (result.log >= workerData.restartPages) {
      db.pragma('busy_timeout = ' + workerData.restartWaitMs);
      try { db.pragma('wal_checkpoint(RESTART)'); } finally { db.pragma('busy_timeout = 0'); }
    }
  } catch { /* busy or being recovered: next tick */ }
};
const totalChanges = db.prepare('select total_changes() as n');
const automergeRaised = new Set(); // tables whose commits merge only past commitAutomerge
// FTS5 takes these settings as integers only (a bound JS number is a REAL to SQLite): BigInt.
const setAutomerge = (table, pages) => db.prepare("insert into " + table + "(" + table + ", rank) values ('automerge', ?)").run(BigInt(pages));
// The fewest segments a level needs for the worker's merges to start merging it ('usermerge'), as last set per table.
const usermerges = new Map();
const setUsermerge = (table, segments) => db.prepare("insert into " + table + "(" + table + ", rank) values ('usermerge', ?)").run(BigInt(segments));
// Per table, prepared once: a merge step, and a read of FTS5's structure record (id 10 of <table>_data: the segments
// and levels).
const statements = new Map();
const statementsOf = (table) => {
  let prepared = statements.get(table);
  if (!prepared) {
    prepared = {
      step: db.prepare("insert into " + table + "(" + table + ", rank) values ('merge', ?)"),
      structure: db.prepare('select block from ' + table + '_data where id = 10'),
    };
    statements.set(table, prepared);
  }
  return prepared;
};
const structureOf = (table) => statementsOf(table).structure.get()?.block;
// The structure record as the worker's last merge left it.
const structures = new Map();
// True if some index was merged (there may be more to do).
const merge = () => {
  let progressed = false;
  for (const table of workerData.ftsTables) {
    try {
      // While requests write, an index they added nothing to since the last merge is left alone: what is left is an
      // older backlog (a bulk import's), whose steps hold the write lock 50–90 ms each at 1M tickets — at 500 visitor
      // messages/s (which index nothing) they made the messages' p99. It is merged when the writes pause.
      if (writing) {
        const [merged, now] = [structures.get(table), structureOf(table)];
        // No record yet (writes from the start): what is there now counts as the backlog.
        if (!merged) structures.set(table, now);
        if (!merged || merged.equals(now)) continue;
      }
      if (!automergeRaised.has(table)) {
        setAutomerge(table, workerData.commitAutomerge);
        automergeRaised.add(table);
      }
      // A merge takes a whole level, and the top level holds the index's bulk (at 1M tickets ~72,000 pages) beside the
      // few small segments merges below add to it: merging it is a rewrite of the index. Started by the worker at
      // FTS5's 4 segments while requests write, the commits carried it (a merge under way is continued by every
      // commit's automerge: ~1,000 pages in one commit in 60, 40–95 ms on the event loop; ticket creation p99 112 ms).
      // So while requests write the worker starts only merges the commits would start themselves, and the rewrite
      // waits for a quiet moment — unless the level reaches the commits' own threshold first.
      const usermerge = writing ? workerData.commitAutomerge : workerData.defaultUsermerge;
      if (usermerges.get(table) !== usermerge) {
        setUsermerge(table, usermerge);
        usermerges.set(table, usermerge);
      }
      const { step } = statementsOf(table);
      // What requests wrote until now counts as theirs (see tick).
      tick();
      let wrote = false;
      for (let i = 0; i < workerData.mergeSteps; i++) {
        const before = totalChanges.get().n;
        const started = performance.now();
        step.run(BigInt(workerData.mergePages));
        // Fewer than 2 changes: nothing was left to merge (FTS5's documented test).
        if (totalChanges.get().n - before < 2) break;
        wrote = true;
        // A step that finished a merge deletes its input segments (at 1M tickets ~1,500 rows, ~50 ms holding the
        // write lock): the rest waits for the next period, so writers get the lock in between.
        if (performance.now() - started > workerData.longMergeStepMs) break;
      }
      structures.set(table, structureOf(table));
      // The merge's frames (a finished merge: ~1,500) are checkpointed here at once; left to the next tick, the
      // WAL passed the request connection's limit and a commit checkpointed them on the event loop.
      if (wrote) tick(true);
      progressed ||= wrote;
    } catch { /* busy, or the table does not exist yet (before migrations): next tick */ }
  }
  return progressed;
};
// While requests write, the next checkpoint comes after busyPeriodMs (see BUSY_PERIOD_MS).
let checkpointTimer;
const checkpoint = () => {
  tick();
  checkpointTimer = setTimeout(checkpoint, writing ? workerData.busyPeriodMs : workerData.periodMs);
};
checkpointTimer = setTimeout(checkpoint, workerData.periodMs);
// Merges take the write lock: while requests write, only every busyMergePeriods-th period (a step finishing a
// merge holds the lock ~50 ms at 1M tickets; the index stays bounded meanwhile). While they do not, a backlog is
// merged without a break but between steps (idleMergeGapMs), so a write that comes waits one step at most: at 1M
// tickets a bulk load's backlog (a merge of ~29,000 pages under way, then the whole ~72,000-page index) took
// commits ~12,000 writes to carry (notes p99 67 ms meanwhile); at 4 steps a second it would wait ~5 minutes of quiet.
let periods = 0;
let mergeTimer;
const mergeLater = () => {
  let progressed = false;
  if (!writing || ++periods % workerData.busyMergePeriods === 0) progressed = merge();
  mergeTimer = setTimeout(mergeLater, progressed && !writing ? workerData.idleMergeGapMs : workerData.periodMs);
};
mergeTimer = setTimeout(mergeLater, workerData.periodMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearTimeout(checkpointTimer);
  clearTimeout(mergeTimer);
  // Stopped cleanly: the next process may run without this worker (SQLITE_CHECKPOINT_MS=0).
  db.pragma('busy_timeout = ' + workerData.restartWaitMs * 5);
  for (const table of automergeRaised) {
    try { setAutomerge(table, workerData.defaultAutomerge); } catch { /* busy: the next start sets it again */ }
  }
  for (const table of usermerges.keys()) {
    try { setUsermerge(table, workerData.defaultUsermerge); } catch { /* busy: the next start sets it again */ }
  }
  db.close();
  parentPort.close();
});
`;

/** FTS5 tables merged by the worker (commits merge them only past COMMIT_AUTOMERGE segments a level). */
const FTS_TABLES = ['ticket_search'];
/** FTS5's own default 'automerge', restored when the worker stops. */
export const DEFAULT_AUTOMERGE = 4;
/** FTS5's own default 'usermerge': the worker's merges while requests are quiet (see merge()). */
const DEFAULT_USERMERGE = 4;
/**
 * The commits' 'automerge' while the worker runs: they merge (incrementally) only a level the worker let reach this
 * many segments. Not 0: with no merging in commits, FTS5's crisis merge (a whole level at 16 segments, cascading up
 * the levels) ran inside one commit when writes outpaced the worker — at 1M tickets, ~200 ticket creations a second,
 * a single commit took 3.8–4.9 s on the event loop (`--only create`, SLOW log), with automerge in commits none over
 * 115 ms.
 */
export const COMMIT_AUTOMERGE = 8;

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
/** When at least BUSY_FRAMES frames were written since the last checkpoint, the next one comes after BUSY_PERIOD_MS (not the period). */
const BUSY_FRAMES = 64;
const BUSY_PERIOD_MS = 50;
/** Requests count as writing until this many ticks in a row saw fewer than BUSY_FRAMES frames. */
const QUIET_TICKS = 10;
/** A merge step longer than this ends the tick's merging. */
const LONG_MERGE_STEP_MS = 20;
/** While requests write, merges run every this many periods. */
const BUSY_MERGE_PERIODS = 5;
/** While they do not and a merge is under way, the next merge comes after this gap (writers take the lock in it). */
const IDLE_MERGE_GAP_MS = 10;

export function startSqliteCheckpointer(file: string, periodMs: number, onUnexpectedExit: () => void): SqliteCheckpointer {
  let running = true;
  const workerData = {
    file, periodMs, restartPages: RESTART_PAGES, restartWaitMs: RESTART_WAIT_MS, busyFrames: BUSY_FRAMES, quietTicks: QUIET_TICKS, busyPeriodMs: Math.min(BUSY_PERIOD_MS, periodMs),
    longMergeStepMs: LONG_MERGE_STEP_MS, busyMergePeriods: BUSY_MERGE_PERIODS, idleMergeGapMs: Math.min(IDLE_MERGE_GAP_MS, periodMs),
    ftsTables: FTS_TABLES, mergePages: MERGE_PAGES, mergeSteps: MERGE_STEPS, defaultAutomerge: DEFAULT_AUTOMERGE, commitAutomerge: COMMIT_AUTOMERGE, defaultUsermerge: DEFAULT_USERMERGE,
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
