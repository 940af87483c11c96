import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Availability and teammate mail (issue #14):
 * - `workspace_availability`: business hours (JSON), time zone and away message, one row per workspace
 *   (no row = always within hours, no away message). Read by the public widget config by primary key.
 * - `live_presence`: open owner dashboard sockets per (workspace, user, server) on PostgreSQL, with the
 *   time the last one closed (`left_at`), so every server knows who is online (server/realtime/presence.ts).
 *   Rows of servers without a fresh `live_servers` heartbeat do not count. SQLite counts in memory.
 * - `notification_prefs`: each teammate's four mail switches per workspace (no row = all on).
 * - `agent_notifications`: pending digest items, written in the same transaction as the change they
 *   report; deleted when mailed (or dropped because the teammate saw them live).
 * - `agent_digests`: per user, when the last digest went out: claiming a send is one conditional UPDATE,
 *   so with several servers only one sends and at most one mail per window goes out.
 */
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('workspace_availability')
    .addColumn('owner_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('hours', 'text', (c) => c.notNull())
    .addColumn('away_message', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('live_presence')
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('server_id', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('left_at', 'bigint')
    .addPrimaryKeyConstraint('live_presence_pk', ['owner_id', 'user_id', 'server_id'])
    .execute();
  await db.schema
    .createTable('notification_prefs')
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('new_conversation', 'integer', (c) => c.notNull())
    .addColumn('new_submission', 'integer', (c) => c.notNull())
    .addColumn('assigned_to_me', 'integer', (c) => c.notNull())
    .addColumn('visitor_reply_assigned', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_prefs_pk', ['owner_id', 'user_id'])
    .execute();
  await db.schema
    .createTable('agent_notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('agent_notifications_user_idx').on('agent_notifications').columns(['user_id', 'created_at']).execute();
  await db.schema
    .createTable('agent_digests')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('last_sent_at', 'bigint', (c) => c.notNull())
    .execute();
}
