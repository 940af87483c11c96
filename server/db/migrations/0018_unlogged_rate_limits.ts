import { sql, type Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * PostgreSQL: rate-limit counters skip the write-ahead log (issue 20). Every public request (each
 * visitor message, from one IP in a shop's office) upserts the same row, and a logged upsert holds
 * that row's lock until its commit is flushed to disk, so one IP's requests queued behind each other's
 * fsyncs: ~800–1,100 upserts/s on one row (p99 47–105 ms with 10 clients) against ~6,000/s (p99 10 ms)
 * unlogged. Counters need no durability: after a crash PostgreSQL empties an unlogged table, which
 * only restarts the current windows. SQLite: nothing (it counts in memory).
 */
export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  if (engine !== 'postgres') return;
  await sql`alter table rate_limits set unlogged`.execute(db);
}
