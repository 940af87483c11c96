import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Rate-limit counters shared by every server on one PostgreSQL database (server/db/rate-limit-store.ts).
 * Created on both engines so the schema is one; SQLite installs (one process) count in memory instead.
 */
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('rate_limits')
    // The limited route and the client key (IP address), e.g. "POST/api/auth/login-203.0.113.7".
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('count', 'integer', (c) => c.notNull())
    // Epoch ms (database clock) when the current window ends; expired rows are swept.
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_limits_expires_idx').on('rate_limits').column('expires_at').execute();
}
