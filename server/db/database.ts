import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { preparePooledStatements } from './pg-prepared.js';
import { Kysely, sql, PostgresDialect } from 'kysely';
import type { DatabaseConfig, LimitsConfig } from '../config.js';
import { BUSY_SLICE_MS, RetryingSqliteDialect } from './sqlite-driver.js';
import type { Schema } from './schema.js';
import { countQuery } from './query-counter.js';
import { restoreInCommitMaintenance, startSqliteCheckpointer, type SqliteCheckpointer } from './sqlite-checkpointer.js';
import { openSqliteReader } from './sqlite-reader.js';

export type Engine = 'sqlite' | 'postgres';
export type Db = Kysely<Schema>;

export interface Database {
  engine: Engine;
  db: Db;
  close(): Promise<void>;
  /** SQLite: the worker thread that checkpoints the WAL outside requests (absent when sqliteCheckpointMs is 0). */
  checkpointer?: SqliteCheckpointer;
  /**
   * For heavy read-only statements (search, export, reports): on SQLite a Kysely instance whose statements
   * run in worker threads on read-only connections (sqlite-reader.ts), so they never hold the event loop;
   * on PostgreSQL (already asynchronous) the same pool as `db`. Never for a transaction.
   */
  reader: Db;
}

export interface DatabaseLimits {
  /** PostgreSQL: longest wait for a pooled connection. */
  acquireTimeoutMs: number;
  /** PostgreSQL statement_timeout and lock_timeout of every pooled session. */
  statementTimeoutMs: number;
  lockTimeoutMs: number;
  /** SQLite: longest total (asynchronous) wait for the write lock. */
  sqliteLockWaitMs: number;
  /** SQLite: WAL checkpoint period of the checkpointer thread (sqlite-checkpointer.ts); 0 = SQLite's own, inside commits. */
  sqliteCheckpointMs: number;
  /** SQLite: threads of the reader (sqlite-reader.ts); 0 = `reader` is the main connection. */
  sqliteReadThreads: number;
}

/**
 * Limits when none are given: scripts, benchmarks' data generation and tests that open a database
 * directly, where a long statement is intended. The server always passes its configured limits.
 * 0 = no statement or lock timeout.
 */
export const SCRIPT_DATABASE_LIMITS: DatabaseLimits = { acquireTimeoutMs: 60_000, statementTimeoutMs: 0, lockTimeoutMs: 0, sqliteLockWaitMs: 60_000, sqliteCheckpointMs: 1000, sqliteReadThreads: 0 };

/** The database limits a `Config` names. */
export function databaseLimits(limits: LimitsConfig): DatabaseLimits {
  return {
    acquireTimeoutMs: limits.dbAcquireTimeoutMs,
    statementTimeoutMs: limits.dbStatementTimeoutMs,
    lockTimeoutMs: limits.dbLockTimeoutMs,
    sqliteLockWaitMs: limits.sqliteLockWaitMs,
    sqliteCheckpointMs: limits.sqliteCheckpointMs,
    sqliteReadThreads: limits.sqliteReadThreads,
  };
}

/** Opens the configured database. Dialect differences stay in this folder. */
export function openDatabase(config: DatabaseConfig, limits: DatabaseLimits = SCRIPT_DATABASE_LIMITS): Database {
  return config.engine === 'sqlite' ? openSqlite(config.file, limits) : openPostgres(config.url, limits);
}

function openSqlite(file: string, limits: DatabaseLimits): Database {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const raw = new SqliteDatabase(file);
  // Switching to WAL needs a lock another process (a second server migrating a new file) may hold: at open,
  // before any request, waiting is fine.
  raw.pragma(`busy_timeout = ${limits.sqliteLockWaitMs}`);
  switchToWal(raw, limits.sqliteLockWaitMs);
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  // Then short on purpose: SQLite's busy handler blocks the event loop; longer waits are asynchronous (sqlite-driver.ts).
  raw.pragma(`busy_timeout = ${BUSY_SLICE_MS}`);
  cachePreparedStatements(raw);
  const db = new Kysely<Schema>({ dialect: new RetryingSqliteDialect({ database: raw, lockWaitMs: limits.sqliteLockWaitMs }), log: countQuery });
  const shared = file !== ':memory:';
  const reader = shared && limits.sqliteReadThreads > 0
    ? openSqliteReader(path.resolve(file), { threads: limits.sqliteReadThreads, busyTimeoutMs: limits.sqliteLockWaitMs, log: countQuery })
    : null;
  // Checkpoints move to a worker thread (sqlite-checkpointer.ts); if it dies, SQLite's own come back.
  let checkpointer: SqliteCheckpointer | undefined;
  if (shared && limits.sqliteCheckpointMs > 0) {
    // Not 0: under a sustained stream of writes (a bulk import) the worker's PASSIVE checkpoints never catch
    // up with the writer, and the WAL grew to 28 GB while generating 1M tickets. Past WAL_SAFETY_PAGES the
    // commit checkpoints by itself, as SQLite always does; the file is cut back to that size after a reset.
    raw.pragma(`wal_autocheckpoint = ${WAL_SAFETY_PAGES}`);
    raw.pragma(`journal_size_limit = ${WAL_SAFETY_PAGES * (raw.pragma('page_size', { simple: true }) as number)}`);
    checkpointer = startSqliteCheckpointer(path.resolve(file), limits.sqliteCheckpointMs, () => restoreInCommitMaintenance(raw));
  }
  return {
    engine: 'sqlite',
    db,
    reader: reader?.db ?? db,
    ...(checkpointer ? { checkpointer } : {}),
    close: async () => {
      await reader?.close();
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}

/**
 * With the checkpointer thread, the request connection checkpoints inside a commit only when the WAL has
 * grown past this many pages (4 MB at 4 KB pages, SQLite's own default): below ~1,000 written pages a second
 * the thread keeps it under that, so requests do not pay for checkpoints, and it can never grow without bound.
 * Not more: under ~1,000 status changes a second at 1M tickets (4,000 pages a second) the WAL reached any
 * limit between two ticks, and a commit's checkpoint of 4,000 pages took ~50 ms against ~12 ms for 1,000
 * (status change p99 61 → 32 ms, notes save 55 → 34 ms, create 47 → 36 ms: docs/BENCHMARKS.md).
 */
export const WAL_SAFETY_PAGES = 1000;

/**
 * `journal_mode = WAL` can answer SQLITE_BUSY at once, without SQLite's busy handler, while another
 * process is converting the same new file or recovering its WAL (seen in CI: two servers migrating a
 * fresh file together). So the open retries on its own, sleeping between tries, up to the lock wait.
 */
function switchToWal(raw: SqliteDatabase.Database, waitMs: number): void {
  const deadline = Date.now() + waitMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 1; ; attempt++) {
    try {
      raw.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      const busy = (error as { code?: string }).code?.startsWith('SQLITE_BUSY') ?? false;
      if (!busy || Date.now() >= deadline) throw error;
      // Blocking sleep: this runs once, at open, before the server takes any request.
      Atomics.wait(pause, 0, 0, Math.min(5 * attempt, 100));
    }
  }
}

/**
 * Kysely's SQLite driver prepares every statement anew; preparing is a large share of a simple
 * query's cost, so statements are cached by SQL text (bounded, oldest evicted first).
 */
export function cachePreparedStatements(raw: SqliteDatabase.Database, limit = 500): void {
  const prepare = raw.prepare.bind(raw);
  const cache = new Map<string, SqliteDatabase.Statement>();
  raw.prepare = ((sql: string) => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = prepare(sql);
      if (cache.size >= limit) cache.delete(cache.keys().next().value as string);
      cache.set(sql, statement);
    }
    return statement;
  }) as typeof raw.prepare;
}

function openPostgres(url: string, limits: DatabaseLimits): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // Bounded waits: for a free pooled client (and for a new connection), for a statement, for a row lock.
    connectionTimeoutMillis: limits.acquireTimeoutMs,
    statement_timeout: limits.statementTimeoutMs,
    lock_timeout: limits.lockTimeoutMs,
    // A session stuck "idle in transaction" (e.g. a request abandoned mid-transaction) must not hold locks forever.
    idle_in_transaction_session_timeout: limits.statementTimeoutMs ? Math.max(limits.statementTimeoutMs * 2, 10_000) : 0,
    // TCP keepalive: a peer that vanished without a FIN/RST (network partition) is noticed.
    keepAlive: true,
    application_name: 'floatmessage',
    // int8 (COUNT, bigint timestamps) as numbers: every value we store fits in 2^53.
    types: { getTypeParser: (oid: number, format?: string) => (oid === 20 ? Number : pg.types.getTypeParser(oid, format as 'text')) },
  } as pg.PoolConfig);
  // A client losing its connection (backend terminated, server restart, network) emits 'error'. An idle client
  // is covered by the pool's own listener, which re-emits on the pool; a client checked out by a query or a
  // transaction has no listener at all, and an unhandled 'error' would end the process. The failing query
  // rejects on its own (→ 503), and the pool drops the broken client when it is released.
  pool.on('connect', (client) => {
    client.on('error', () => {});
    preparePooledStatements(client);
  });
  pool.on('error', () => {});
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }), log: countQuery });
  return { engine: 'postgres', db, reader: db, close: () => db.destroy() };
}

/** True when the error is a unique-constraint violation, on either engine. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** True when the error is a foreign-key violation (a referenced row vanished concurrently), on either engine. */
export function isForeignKeyViolation(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** Error codes meaning "the database cannot serve this now" (answer 503 + Retry-After, not 500). */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN',
  '57014', // statement_timeout (or cancel)
  '55P03', // lock_timeout
  '57P01', '57P02', '57P03', // admin / crash shutdown, cannot connect now
  '25P03', // idle_in_transaction_session_timeout
  '40001', '40P01', // serialization failure, deadlock: the transaction was rolled back; a retry can succeed
]);

/** Driver errors without a code (pg, pg-pool, Kysely after close) that mean the connection is gone. */
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'is not queryable',
  'Cannot use a pool after calling end',
  'driver has already been destroyed',
  'The database connection is not open',
  'Query read timeout',
];

/** True when the error means the database itself is unreachable, busy, full or read-only (answer 503, not 500). */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string') {
    if (UNAVAILABLE_CODES.has(code)) return true;
    // 08: connection exception · 53: insufficient resources (disk full, out of memory, too many connections) · 58: system/I/O error.
    if (/^(08|53|58)[0-9A-Z]{3}$/.test(code)) return true;
    if (/^SQLITE_(BUSY|LOCKED|CANTOPEN|FULL|READONLY|IOERR|NOMEM|PROTOCOL)/.test(code)) return true;
  }
  const message = (error as { message?: unknown })?.message;
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.some((text) => message.includes(text));
}

/**
 * Row lock for a read-then-write inside a transaction. PostgreSQL needs `FOR UPDATE` (READ COMMITTED
 * lets another writer slip in between); SQLite has no such clause and needs none: BEGIN IMMEDIATE
 * already holds the database's write lock for the whole transaction.
 */
export function lockedForUpdate<Q extends { forUpdate(): Q }>(query: Q, engine: Engine): Q {
  return engine === 'postgres' ? query.forUpdate() : query;
}

/**
 * Serializes transactions that take the same named lock, for a check-then-insert that no row lock
 * covers (e.g. "is this the first account?"). PostgreSQL: a transaction-scoped advisory lock; SQLite
 * needs nothing: BEGIN IMMEDIATE already holds the database's write lock.
 */
export async function lockNamed(trx: Db, engine: Engine, name: string): Promise<void> {
  if (engine === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${name}))`.execute(trx);
}
