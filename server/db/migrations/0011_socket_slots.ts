import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Open visitor sockets per conversation, counted by every server on one PostgreSQL database
 * (server/realtime/socket-slots.ts), so the per-conversation cap holds across servers. A server's rows
 * count only while it is alive (`live_servers.seen_at`, refreshed by a heartbeat); a crashed server's
 * rows stop counting and are swept. Created on both engines so the schema is one; SQLite (one process)
 * counts in memory.
 */
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('live_servers')
    .addColumn('server_id', 'text', (c) => c.primaryKey())
    .addColumn('seen_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('live_socket_slots')
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('server_id', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('live_socket_slots_pk', ['conversation_id', 'server_id'])
    .execute();
}
