import { sql, type Kysely } from 'kysely';
import type { Engine } from '../database.js';

export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  // Per-owner ticket numbers come from this counter, incremented inside the creating transaction:
  // the row lock (PostgreSQL) / the write lock (SQLite) makes numbers gapless and unique.
  await db.schema
    .createTable('ticket_counters')
    .addColumn('owner_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('last_number', 'bigint', (c) => c.notNull())
    .execute();

  let table = db.schema.createTable('tickets');
  // `seq` is a stable integer key (unique on both engines) for the SQLite full-text index (FTS5 rows are keyed by integers;
  // a plain rowid may change on VACUUM). PostgreSQL indexes the tsvector column instead.
  table = engine === 'sqlite'
    ? table.addColumn('seq', 'integer', (c) => c.primaryKey()).addColumn('id', 'text', (c) => c.notNull().unique())
    : table.addColumn('id', 'text', (c) => c.primaryKey()).addColumn('seq', 'bigint', (c) => c.generatedAlwaysAsIdentity().unique());
  table = table
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('number', 'bigint', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('new', 'in_progress', 'closed')`))
    .addColumn('notes', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('source_type', 'text', (c) => c.notNull().check(sql`source_type in ('conversation', 'form_submission')`))
    // Plain columns, not foreign keys: deleting the source must leave the ticket and these ids untouched.
    .addColumn('conversation_id', 'text')
    .addColumn('form_submission_id', 'text')
    .addColumn('visitor_name', 'text')
    .addColumn('visitor_email', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('closed_at', 'bigint')
    .addCheckConstraint('tickets_closed_at_matches_status', sql`(status = 'closed') = (closed_at is not null)`)
    .addCheckConstraint(
      'tickets_one_source',
      sql`(source_type = 'conversation' and conversation_id is not null and form_submission_id is null)
       or (source_type = 'form_submission' and form_submission_id is not null and conversation_id is null)`,
    )
    .addUniqueConstraint('tickets_owner_number_unique', ['owner_id', 'number']);
  if (engine === 'postgres') table = table.addColumn('search_vector', sql`tsvector`);
  await table.execute();

  // The open inbox (new + in_progress) is the default view: a partial index keeps its first page an
  // index range read even when most of an owner's tickets are closed.
  await sql`create index tickets_open_idx on tickets (owner_id, number) where status <> 'closed'`.execute(db);
  await db.schema.createIndex('tickets_owner_status_idx').on('tickets').columns(['owner_id', 'status', 'number']).execute();
  await db.schema.createIndex('tickets_owner_closed_idx').on('tickets').columns(['owner_id', 'closed_at', 'created_at']).execute();
  await db.schema.createIndex('tickets_conversation_idx').on('tickets').columns(['owner_id', 'conversation_id']).execute();
  await db.schema.createIndex('tickets_submission_idx').on('tickets').columns(['owner_id', 'form_submission_id']).execute();

  if (engine === 'sqlite') {
    // Contentless: the index stores no copy of the text. Words carry a per-workspace prefix
    // (see server/db/search.ts), so the full-text match itself is scoped by owner.
    await sql`create virtual table ticket_search using fts5(body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`.execute(db);
  } else {
    await sql`create index tickets_search_idx on tickets using gin (search_vector)`.execute(db);
  }
}
