import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, SqliteDriver, type DatabaseConnection } from 'kysely';
import type { DatabaseConfig } from '../config.js';
import type { Schema } from './schema.js';
import { countQuery } from './query-counter.js';

export type Engine = 'sqlite' | 'postgres';
export type Db = Kysely<Schema>;

export interface Database {
  engine: Engine;
  db: Db;
  close(): Promise<void>;
}

/** Opens the configured database. Dialect differences stay in this folder. */
export function openDatabase(config: DatabaseConfig): Database {
  return config.engine === 'sqlite' ? openSqlite(config.file) : openPostgres(config.url);
}

function openSqlite(file: string): Database {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const raw = new SqliteDatabase(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('busy_timeout = 5000');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  cachePreparedStatements(raw);
  const db = new Kysely<Schema>({ dialect: new ImmediateSqliteDialect({ database: raw }), log: countQuery });
  return { engine: 'sqlite', db, close: () => db.destroy() };
}

/**
 * Kysely's SQLite driver prepares every statement anew; preparing is a large share of a simple
 * query's cost, so statements are cached by SQL text (bounded, oldest evicted first).
 */
function cachePreparedStatements(raw: SqliteDatabase.Database, limit = 500): void {
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

/**
 * Write transactions start with BEGIN IMMEDIATE so they take the write lock up front: a deferred
 * transaction that reads first and writes later can fail with SQLITE_BUSY when another process
 * (a CLI command, a second server) wrote in between; busy_timeout cannot help that case.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly options: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(options);
  }
  override createDriver(): SqliteDriver {
    return new ImmediateSqliteDriver(this.options);
  }
}

function openPostgres(url: string): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // int8 (COUNT, bigint timestamps) as numbers: every value we store fits in 2^53.
    types: { getTypeParser: (oid: number, format?: string) => (oid === 20 ? Number : pg.types.getTypeParser(oid, format as 'text')) },
  } as pg.PoolConfig);
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }), log: countQuery });
  return { engine: 'postgres', db, close: () => db.destroy() };
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

/** True when the error means the database itself is unreachable or busy (answer 503, not 500). */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== 'string') return false;
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_CANTOPEN'].includes(code) ||
    code.startsWith('08') || // connection exceptions
    code === '57P01' || code === '57P03' || code === '53300' // admin shutdown, cannot connect now, too many connections
  );
}

/**
 * Row lock for a read-then-write inside a transaction. PostgreSQL needs `FOR UPDATE` (READ COMMITTED
 * lets another writer slip in between); SQLite has no such clause and needs none: BEGIN IMMEDIATE
 * already holds the database's write lock for the whole transaction.
 */
export function lockedForUpdate<Q extends { forUpdate(): Q }>(query: Q, engine: Engine): Q {
  return engine === 'postgres' ? query.forUpdate() : query;
}
