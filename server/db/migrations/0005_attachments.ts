import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';

export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('ticket_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // Rows go with their ticket; the ticket-deleting command removes the objects after its commit.
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    // tickets/<ownerId>/<timestamp>-<random>.<ext>: never reused, so unique.
    .addColumn('object_key', 'text', (c) => c.notNull().unique())
    .addColumn('thumbnail_key', 'text', (c) => c.unique())
    // Original name, sanitized, for display and Content-Disposition only.
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_attachments_ticket_idx').on('ticket_attachments').columns(['ticket_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('ticket_attachments_owner_idx').on('ticket_attachments').column('owner_id').execute();
}
