import { setTimeout as sleep } from 'node:timers/promises';
import type SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  SelectQueryNode,
  SqliteAdapter,
  SqliteDialect,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  type QueryResult,
} from 'kysely';

/**
 * SQLite's own busy handler sleeps inside the (synchronous) better-sqlite3 call, i.e. it blocks the
 * whole event loop while another process holds the write lock. So the busy_timeout is kept short
 * (BUSY_SLICE_MS) and the wait goes on asynchronously, in slices, up to `lockWaitMs` in total;
 * then the statement fails with SQLITE_BUSY (answered 503 + Retry-After).
 */
export const BUSY_SLICE_MS = 10;
const RETRY_PAUSE_MS = [5, 10, 20, 40];

export interface SqliteDriverOptions {
  database: SqliteDatabase.Database;
  /** Longest total wait for a lock before SQLITE_BUSY reaches the caller. */
  lockWaitMs: number;
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

class SqliteConnection implements DatabaseConnection {
  /**
   * Settles when the write that found the database locked (another process, or the maintenance worker's merge)
   * got through or gave up. Other writes wait behind it asynchronously: each trying for itself paid the
   * busy_timeout slice on the event loop, so a 90 ms merge with 45 messages arriving meanwhile blocked the loop
   * for ~400 ms (measured at 500 visitor messages/s on the 1M data set). Reads go ahead: WAL lets them.
   */
  private lockWait: Promise<void> | null = null;

  constructor(
    private readonly options: SqliteDriverOptions,
    /** Lets other users have the connection until `until` settles (only outside a transaction), then takes it back. */
    private readonly yieldUntil: (until: Promise<unknown>) => Promise<void>,
  ) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const started = Date.now();
    let endLockWait: (() => void) | null = null;
    try {
      for (let attempt = 0; ; attempt++) {
        while (!endLockWait && this.lockWait && !this.options.database.inTransaction && !this.isRead(compiledQuery.sql)) await this.yieldUntil(this.lockWait);
        try {
          return this.run<R>(compiledQuery);
        } catch (error) {
          // A busy statement did nothing (SQLite returns BUSY before changing anything), so running it again is safe.
          if (!isBusy(error) || Date.now() - started >= this.options.lockWaitMs) throw error;
        }
        if (!endLockWait && !this.lockWait) this.lockWait = new Promise((resolve) => (endLockWait = resolve));
        const pause = sleep(RETRY_PAUSE_MS[Math.min(attempt, RETRY_PAUSE_MS.length - 1)]!);
        // Outside a transaction nothing is held on this connection while waiting, so reads (which WAL lets
        // run while another process writes) go ahead instead of queueing behind the waiting write.
        if (this.options.database.inTransaction) await pause;
        else await this.yieldUntil(pause);
      }
    } finally {
      if (endLockWait) {
        this.lockWait = null;
        (endLockWait as () => void)();
      }
    }
  }

  private isRead(sql: string): boolean {
    return this.options.database.prepare(sql).reader;
  }

  private run<R>({ sql, parameters }: CompiledQuery): QueryResult<R> {
    const statement = this.options.database.prepare(sql);
    if (statement.reader) return { rows: readRows(statement, parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  async *streamQuery<R>({ sql, parameters, query }: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(query)) throw new Error('SQLite streams only select queries');
    for (const row of this.options.database.prepare(sql).iterate(parameters)) yield { rows: [row as R] };
  }
}

const columnNames = new WeakMap<SqliteDatabase.Statement, string[]>();

/**
 * A statement's rows as objects, read as arrays: better-sqlite3 builds result objects property by property
 * through V8's C++ API, which costs more than the query itself on a wide row (measured on the inbox's
 * 17-column page of 51 rows: 0.28 ms as objects, 0.19 ms as arrays turned into objects here). Same values,
 * same key order; a repeated column name keeps the last value, as better-sqlite3's objects do. Raw mode is
 * switched off again at once: the statement is shared through the prepare cache.
 */
function readRows(statement: SqliteDatabase.Statement, parameters: readonly unknown[]): Record<string, unknown>[] {
  let names = columnNames.get(statement);
  if (!names) columnNames.set(statement, (names = statement.columns().map((column) => column.name)));
  statement.raw(true);
  let values: unknown[][];
  try {
    values = statement.all(parameters) as unknown[][];
  } finally {
    statement.raw(false);
  }
  // SQLite re-prepares a statement after a schema change (a migration), and `select *` may then return other
  // columns: read the names again when the width no longer matches.
  if (values.length > 0 && values[0]!.length !== names.length) columnNames.set(statement, (names = statement.columns().map((column) => column.name)));
  const rows = new Array<Record<string, unknown>>(values.length);
  for (let r = 0; r < values.length; r++) {
    const row = values[r]!;
    const object: Record<string, unknown> = {};
    for (let c = 0; c < names.length; c++) object[names[c]!] = row[c];
    rows[r] = object;
  }
  return rows;
}

/**
 * Kysely driver over one better-sqlite3 connection (a mutex hands it to one user at a time).
 * Write transactions start with BEGIN IMMEDIATE so they take the write lock up front: a deferred
 * transaction that reads first and writes later can fail with SQLITE_BUSY when another process
 * (a CLI command, a second server) wrote in between, and no wait can help that case.
 */
class RetryingSqliteDriver implements Driver {
  private readonly connection: SqliteConnection;
  /** Settles when the current holder releases the connection. */
  private held: Promise<void> = Promise.resolve();
  private release: (() => void) | null = null;

  constructor(private readonly options: SqliteDriverOptions) {
    this.connection = new SqliteConnection(options, async (until) => {
      await this.releaseConnection();
      await until;
      await this.acquireConnection();
    });
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.held;
    let release!: () => void;
    this.held = new Promise((resolve) => {
      release = resolve;
    });
    await previous;
    this.release = release;
    return this.connection;
  }

  async releaseConnection(): Promise<void> {
    const release = this.release;
    this.release = null;
    release?.();
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    // SQLite itself rolls back on some errors (disk full, I/O error); a second ROLLBACK would then fail
    // with "no transaction is active" and hide the real error.
    if (!this.options.database.inTransaction) return;
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async destroy(): Promise<void> {
    this.options.database.close();
  }
}

/** Transactional DDL: SQLite has it, and migrations then apply all or nothing (a kill leaves the previous version). */
class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

export class RetryingSqliteDialect extends SqliteDialect {
  constructor(private readonly driverOptions: SqliteDriverOptions) {
    super({ database: driverOptions.database });
  }
  override createDriver(): Driver {
    return new RetryingSqliteDriver(this.driverOptions);
  }
  override createAdapter(): DialectAdapter {
    return new TransactionalSqliteAdapter();
  }
}
