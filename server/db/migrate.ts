import { Migrator, sql, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { Database, Engine } from './database.js';
import * as accounts from './migrations/0001_accounts.js';
import * as chat from './migrations/0002_chat.js';
import * as forms from './migrations/0003_forms.js';
import * as tickets from './migrations/0004_tickets.js';
import * as attachments from './migrations/0005_attachments.js';
import * as teams from './migrations/0006_teams.js';
import * as inbox from './migrations/0007_inbox.js';
import * as faults from './migrations/0008_faults.js';
import * as ticketsPart2 from './migrations/0009_tickets_part2.js';
import * as accountRecovery from './migrations/0010_account_recovery.js';
import * as socketSlots from './migrations/0011_socket_slots.js';
import * as availability from './migrations/0012_availability.js';
import * as visitorFollowup from './migrations/0013_visitor_followup.js';
import * as webhooks from './migrations/0015_webhooks.js';
import * as searchOwnerGin from './migrations/0016_search_owner_gin.js';
import * as searchTerms from './migrations/0017_search_terms.js';
import * as unloggedRateLimits from './migrations/0018_unlogged_rate_limits.js';
import * as searchPendingList from './migrations/0019_search_pending_list.js';

type MigrationModule = { up(db: Kysely<unknown>, engine: Engine): Promise<void> };

/** Ordered list: append only. One set of migrations serves both engines. */
const MIGRATIONS: Record<string, MigrationModule> = {
  '0001_accounts': accounts,
  '0002_chat': chat,
  '0003_forms': forms,
  '0004_tickets': tickets,
  '0005_attachments': attachments,
  '0006_teams': teams,
  '0007_inbox': inbox,
  '0008_faults': faults,
  '0009_tickets_part2': ticketsPart2,
  '0010_account_recovery': accountRecovery,
  '0011_socket_slots': socketSlots,
  '0012_availability': availability,
  '0013_visitor_followup': visitorFollowup,
  '0015_webhooks': webhooks,
  '0016_search_owner_gin': searchOwnerGin,
  '0017_search_terms': searchTerms,
  '0018_unlogged_rate_limits': unloggedRateLimits,
  '0019_search_pending_list': searchPendingList,
};

class StaticMigrationProvider implements MigrationProvider {
  constructor(private readonly engine: Engine) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(
      Object.entries(MIGRATIONS).map(([name, module]) => [name, { up: (db: Kysely<unknown>) => module.up(db, this.engine) }]),
    );
  }
}

/**
 * Runs the migrator so that migrations are atomic and serialized on both engines:
 * - PostgreSQL: Kysely applies all pending migrations in one transaction under an advisory lock (a second
 *   server starting at the same time waits, then finds nothing to do). The request timeouts of the pool
 *   (statement_timeout, lock_timeout) are lifted for this one session: a long migration or the wait for
 *   another server's migration must not be cut off.
 * - SQLite: the dialect declares transactional DDL (sqlite-driver.ts), so the same single transaction is used,
 *   begun with BEGIN IMMEDIATE: it is also the lock. A kill mid-way leaves the previous version intact.
 *   Foreign keys are off while it runs (see below), as SQLite's documented table-rebuild procedure needs.
 */
async function runMigrator(database: Database, run: (migrator: Migrator) => Promise<MigrationResultSet>): Promise<MigrationResultSet> {
  const provider = new StaticMigrationProvider(database.engine);
  if (database.engine !== 'postgres') {
    // Foreign keys off around the one transaction (the pragma is a no-op inside it): a table rebuild
    // (SQLite's 12-step ALTER) must not cascade into the children of the table it replaces. A migration
    // that rebuilds runs `pragma foreign_key_check` before the transaction commits.
    await sql`pragma foreign_keys = off`.execute(database.db);
    try {
      return await run(new Migrator({ db: database.db, provider }));
    } finally {
      await sql`pragma foreign_keys = on`.execute(database.db);
    }
  }
  return database.db.connection().execute(async (connection) => {
    await sql`set statement_timeout = 0`.execute(connection);
    await sql`set lock_timeout = 0`.execute(connection);
    try {
      return await run(new Migrator({ db: connection, provider }));
    } finally {
      await sql`reset statement_timeout`.execute(connection).catch(() => {});
      await sql`reset lock_timeout`.execute(connection).catch(() => {});
    }
  });
}

/**
 * Applies every pending migration; throws with the failing migration's error. On PostgreSQL, when
 * something was applied, ANALYZE refreshes the planner's statistics afterwards (new indexes and
 * rewritten tables start without any; issue 20: plans must not wait for autovacuum).
 */
export async function migrateToLatest(database: Database): Promise<string[]> {
  const { error, results } = await runMigrator(database, (migrator) => migrator.migrateToLatest());
  if (error) throw error instanceof Error ? error : new Error(String(error));
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  if (applied.length > 0 && database.engine === 'postgres') await analyze(database);
  return applied;
}

/** PostgreSQL: refreshes the statistics of the app's tables (after migrations; bulk imports call it too). */
export async function analyze(database: Database): Promise<void> {
  if (database.engine !== 'postgres') return;
  await database.db.connection().execute(async (connection) => {
    // Outside the request timeouts, like the migrations themselves: a large database takes a while.
    await sql`set statement_timeout = 0`.execute(connection);
    try {
      // The app's own tables, not the system catalogs (a fresh test database migrates on every run).
      const tables = await sql<{ name: string }>`select quote_ident(tablename) as name from pg_tables where schemaname = current_schema()`.execute(connection);
      if (tables.rows.length > 0) await sql`analyze ${sql.raw(tables.rows.map((row) => row.name).join(', '))}`.execute(connection);
    } finally {
      await sql`reset statement_timeout`.execute(connection).catch(() => {});
    }
  });
}

/** Applies migrations up to and including `name` (upgrade tests start from an older schema). */
export async function migrateTo(database: Database, name: string): Promise<void> {
  const { error } = await runMigrator(database, (migrator) => migrator.migrateTo(name));
  if (error) throw error instanceof Error ? error : new Error(String(error));
}
