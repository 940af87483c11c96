import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';

export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('forms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    // JSON array of { name, label, type, required, options }.
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('forms_owner_idx').on('forms').columns(['owner_id', 'created_at', 'id']).execute();

  await db.schema
    .createTable('form_submissions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // No foreign key: a deleted form leaves its submissions readable (they carry their own labels).
    .addColumn('form_id', 'text', (c) => c.notNull())
    .addColumn('form_name', 'text', (c) => c.notNull())
    // JSON array of { name, label, type, value } as submitted.
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('visitor_name', 'text')
    .addColumn('visitor_email', 'text')
    .addColumn('page_url', 'text')
    .addColumn('country', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('submissions_owner_time_idx').on('form_submissions').columns(['owner_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('submissions_owner_form_time_idx').on('form_submissions').columns(['owner_id', 'form_id', 'created_at', 'id']).execute();
}
