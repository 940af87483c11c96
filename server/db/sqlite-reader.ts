import {
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type LogConfig,
  type QueryResult,
} from 'kysely';
import type { Schema } from './schema.js';
import { startSqliteWorker, type SqliteWorker } from './sqlite-worker.js';

/**
 * SQLite reads off the event loop (issue 20). better-sqlite3 answers synchronously, so a search that
 * takes 10-100 ms on a large workspace stops every other request for that long. Heavy read-only queries
 * (search, CSV export, reports) go through this Kysely instance instead: its statements run in worker
 * threads, each with its own read-only connection to the same file. WAL lets those readers run beside
 * the main connection's writes, and each statement sees everything committed before it started, so a
 * search right after a write finds it. Cheap queries stay on the main connection (a round trip to a
 * thread costs ~0.1 ms, more than they do).
 */
export interface SqliteReader {
  db: Kysely<Schema>;
  /** Threads started so far (they start on the first query; none for a server that never searches). */
  readonly threads: number;
  close(): Promise<void>;
}

/** The thread's source (see sqlite-worker.ts). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
const cache = new Map();
const prepare = (sql) => {
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    if (cache.size >= 200) cache.delete(cache.keys().next().value);
    cache.set(sql, statement);
  }
  return statement;
};
parentPort.on('message', (message) => {
  if (message === 'stop') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const statement = prepare(message.sql);
    if (!statement.reader) throw Object.assign(new Error('The SQLite reader runs only statements that return rows.'), { code: 'SQLITE_READONLY' });
    // Rows as arrays: cheaper to build here and to copy to the main thread than objects.
    const values = statement.raw(true).all(message.parameters);
    parentPort.postMessage({ id: message.id, columns: statement.columns().map((c) => c.name), values });
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: { message: String(error && error.message), code: error && error.code } });
  }
});
`;

interface Pending {
  query: CompiledQuery;
  resolve: (result: QueryResult<unknown>) => void;
  reject: (error: Error) => void;
}

interface Answer {
  id: number;
  columns?: string[];
  values?: unknown[][];
  error?: { message: string; code?: string };
}

const THREAD_STOPPED = 'The SQLite reader thread stopped.';

/** One thread and its queue of statements (answered in order). */
class ReaderThread {
  readonly pending = new Map<number, Pending>();
  private readonly thread: SqliteWorker;

  constructor({ file, busyTimeoutMs, maxHeapMb }: ReaderOptions, onDied: (thread: ReaderThread, lost: Pending[]) => void) {
    // A heap limit of its own: a statement with an absurd result ends this thread, not the server.
    this.thread = startSqliteWorker(WORKER_SOURCE, { file, busyTimeoutMs }, (unexpected) => {
      const lost = [...this.pending.values()];
      this.pending.clear();
      if (unexpected) onDied(this, lost);
      else for (const query of lost) query.reject(new Error(THREAD_STOPPED));
    }, { maxOldGenerationSizeMb: maxHeapMb });
    // Idle threads do not keep a script alive; a busy one is ref'd while it has work (see run).
    this.thread.worker.on('message', (answer: Answer) => this.settle(answer));
  }

  run(id: number, pending: Pending): void {
    if (this.pending.size === 0) this.thread.worker.ref();
    this.pending.set(id, pending);
    this.thread.worker.postMessage({ id, sql: pending.query.sql, parameters: pending.query.parameters });
  }

  stop(): Promise<void> {
    return this.thread.stop();
  }

  private settle(answer: Answer): void {
    const query = this.pending.get(answer.id);
    if (!query) return;
    this.pending.delete(answer.id);
    if (this.pending.size === 0) this.thread.worker.unref();
    if (answer.error) {
      query.reject(Object.assign(new Error(answer.error.message), { code: answer.error.code }));
      return;
    }
    const columns = answer.columns!;
    query.resolve({
      rows: answer.values!.map((values) => {
        const row: Record<string, unknown> = {};
        for (let c = 0; c < columns.length; c++) row[columns[c]!] = values[c];
        return row;
      }),
    });
  }
}

/** Statements go to the thread with the fewest waiting; threads start as the load needs them, up to `size`. */
class ReaderPool {
  private readonly threads: ReaderThread[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: ReaderOptions) {}

  get started(): number {
    return this.threads.length;
  }

  run(query: CompiledQuery): Promise<QueryResult<unknown>> {
    if (this.closed) return Promise.reject(new Error('The SQLite reader is closed.'));
    return new Promise((resolve, reject) => this.dispatch({ query, resolve, reject }));
  }

  private dispatch(pending: Pending): void {
    let thread = this.threads.reduce<ReaderThread | undefined>((best, t) => (!best || t.pending.size < best.pending.size ? t : best), undefined);
    if (!thread || (thread.pending.size > 0 && this.threads.length < this.options.threads)) {
      // A thread that died (it should not) is replaced here, on the next query.
      thread = new ReaderThread(this.options, (gone, lost) => this.replace(gone, lost));
      this.threads.push(thread);
    }
    thread.run(this.nextId++, pending);
  }

  /**
   * A thread died (a statement passed its heap limit). A thread runs its statements one at a time, in the order
   * sent, so the first one it still held is the one that ended it: that one fails. The others were only queued
   * behind it and go to another thread instead of failing with it.
   */
  private replace(gone: ReaderThread, lost: Pending[]): void {
    this.threads.splice(this.threads.indexOf(gone), 1);
    const [culprit, ...queued] = lost;
    culprit?.reject(new Error(THREAD_STOPPED));
    for (const pending of queued) {
      if (this.closed) pending.reject(new Error(THREAD_STOPPED));
      else this.dispatch(pending);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.splice(0).map((thread) => thread.stop()));
  }
}

class ReaderConnection implements DatabaseConnection {
  constructor(private readonly pool: ReaderPool) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return this.pool.run(query) as Promise<QueryResult<R>>;
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('The SQLite reader does not stream; read in pages.');
  }
}

class ReaderDriver implements Driver {
  private readonly connection: ReaderConnection;
  constructor(private readonly pool: ReaderPool) {
    this.connection = new ReaderConnection(pool);
  }
  async init(): Promise<void> {}
  // One shared connection object: statements are independent, so many can be in flight at once.
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.connection;
  }
  async releaseConnection(): Promise<void> {}
  async beginTransaction(): Promise<void> {
    throw new Error('The SQLite reader has no transactions: it is for single read-only statements.');
  }
  async commitTransaction(): Promise<void> {}
  async rollbackTransaction(): Promise<void> {}
  async destroy(): Promise<void> {
    await this.pool.close();
  }
}

class ReaderDialect implements Dialect {
  constructor(private readonly pool: ReaderPool) {}
  createDriver = () => new ReaderDriver(this.pool);
  createQueryCompiler = () => new SqliteQueryCompiler();
  createAdapter = () => new SqliteAdapter();
  createIntrospector = (db: Kysely<unknown>) => new SqliteIntrospector(db);
}

interface ReaderOptions {
  file: string;
  threads: number;
  busyTimeoutMs: number;
  /** Old-generation heap limit of each thread (default 256 MB). */
  maxHeapMb: number;
}

export function openSqliteReader(file: string, options: { threads: number; busyTimeoutMs: number; maxHeapMb?: number; log?: LogConfig }): SqliteReader {
  const pool = new ReaderPool({ file, threads: Math.max(1, options.threads), busyTimeoutMs: options.busyTimeoutMs, maxHeapMb: options.maxHeapMb ?? 256 });
  const db = new Kysely<Schema>({ dialect: new ReaderDialect(pool), ...(options.log ? { log: options.log } : {}) });
  return {
    db,
    get threads() {
      return pool.started;
    },
    close: () => db.destroy(),
  };
}
