import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Database, Engine } from './database.js';
import * as accounts from './migrations/0001_accounts.js';
import * as chat from './migrations/0002_chat.js';
import * as forms from './migrations/0003_forms.js';
import * as tickets from './migrations/0004_tickets.js';
import * as attachments from './migrations/0005_attachments.js';
import * as teams from './migrations/0006_teams.js';
import * as ticketsPart2 from './migrations/0009_tickets_part2.js';

type MigrationModule = { up(db: Kysely<unknown>, engine: Engine): Promise<void> };

/** Ordered list: append only. One set of migrations serves both engines. */
const MIGRATIONS: Record<string, MigrationModule> = {
  '0001_accounts': accounts,
  '0002_chat': chat,
  '0003_forms': forms,
  '0004_tickets': tickets,
  '0005_attachments': attachments,
  '0006_teams': teams,
  '0009_tickets_part2': ticketsPart2,
};

class StaticMigrationProvider implements MigrationProvider {
  constructor(private readonly engine: Engine) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(
      Object.entries(MIGRATIONS).map(([name, module]) => [name, { up: (db: Kysely<unknown>) => module.up(db, this.engine) }]),
    );
  }
}

/** Applies every pending migration; throws with the failing migration's error. */
export async function migrateToLatest(database: Database): Promise<string[]> {
  const migrator = new Migrator({ db: database.db, provider: new StaticMigrationProvider(database.engine) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Applies migrations up to and including `name` (upgrade tests start from an older schema). */
export async function migrateTo(database: Database, name: string): Promise<void> {
  const migrator = new Migrator({ db: database.db, provider: new StaticMigrationProvider(database.engine) });
  const { error } = await migrator.migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(String(error));
}
