import { sql, type Kysely } from 'kysely';
import type { Engine } from '../database.js';
import { conversationTranscript, submissionTranscript } from '../../commands/ticket-transcript.js';
import type { Schema } from '../schema.js';
import { tagKey } from '../../commands/tags.js';
import { rebuildTicketSearch } from '../../commands/ticket-batch.js';

/**
 * Tickets, part 2: priority (stored as a rank 0..3 = low..urgent so it sorts), due date, visibility
 * to the visitor, the transcript copied from the source, and tickets made by hand (no source). Adds
 * the keyset indexes for the new sorts (each also as an open-inbox partial index, the default view)
 * and fills the transcript of existing tickets whose source still exists.
 */
export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  if (engine === 'postgres') await upgradePostgres(db);
  else await rebuildSqlite(db);

  for (const [name, key] of Object.entries(SORT_KEYS)) {
    await sql.raw(`create index tickets_${name}_idx on tickets (owner_id, ${key}, number)`).execute(db);
    await sql.raw(`create index tickets_open_${name}_idx on tickets (owner_id, ${key}, number) where status <> 'closed'`).execute(db);
  }
  // Reports: weekly volume counts created tickets; first response walks conversations started in a window.
  await sql`create index tickets_owner_created_idx on tickets (owner_id, created_at)`.execute(db);
  await sql`create index conversations_owner_started_idx on conversations (owner_id, created_at)`.execute(db);
  await backfillTranscripts(db);
  await refoldTagKeys(db as Kysely<Schema>);
  // The tokenizer changed (no-space scripts, ß/ı folding) and transcripts are searchable now.
  // The search vocabulary does not exist yet: migration 0017 fills it from the index.
  await rebuildTicketSearch(db as Kysely<Schema>, engine, { vocabulary: false });
}

/**
 * The indexed sort keys. `due_sort` is a stored generated column, due_at or, when there is none, the
 * end of time (9999-12-31), so "due soonest" lists dated tickets first; a plain column (not an
 * expression index) so keyset row comparisons seek the index on both engines.
 */
const SORT_KEYS = {
  updated: 'updated_at',
  priority: 'priority',
  due: 'due_sort',
} as const;

// A CASE, not an OR of comparisons: with source_type null those comparisons are null, and a null
// CHECK passes. Every branch here is true or false.
const SOURCE_CHECK = `case
  when source_type is null then conversation_id is null and form_submission_id is null
  when source_type = 'conversation' then conversation_id is not null and form_submission_id is null
  else form_submission_id is not null and conversation_id is null
end`;

async function upgradePostgres(db: Kysely<unknown>): Promise<void> {
  await sql`alter table tickets
    add column priority integer not null default 1 check (priority between 0 and 3),
    add column due_at bigint,
    add column visible_to_visitor integer not null default 0 check (visible_to_visitor in (0, 1)),
    add column transcript text,
    add column due_sort bigint generated always as (coalesce(due_at, 253402300799999)) stored,
    alter column source_type drop not null,
    drop constraint tickets_source_type_check,
    drop constraint tickets_one_source`.execute(db);
  await sql.raw(`alter table tickets add constraint tickets_source_type_check check (source_type in ('conversation', 'form_submission')),
    add constraint tickets_one_source check (${SOURCE_CHECK})`).execute(db);
}

/**
 * SQLite cannot change a column's constraints, so the table is rebuilt (the documented 12-step
 * procedure). The migration runner turns foreign keys off around the migrations' one transaction
 * (server/db/migrate.ts: the pragma is a no-op inside a transaction), else dropping the old table would
 * cascade into tags, timeline and attachments; here: copy keeping `seq` (the full-text index's key),
 * recreate the indexes, check the references before the transaction commits.
 */
async function rebuildSqlite(db: Kysely<unknown>): Promise<void> {
  const indexes = await sql<{ sql: string }>`select sql from sqlite_master where type = 'index' and tbl_name = 'tickets' and sql is not null`.execute(db);
  await sql.raw(`create table tickets_new (
    seq integer primary key,
    id text not null unique,
    owner_id text not null references users (id) on delete cascade,
    number bigint not null,
    title text not null,
    status text not null check (status in ('new', 'in_progress', 'closed')),
    notes text not null,
    version integer not null,
    source_type text check (source_type in ('conversation', 'form_submission')),
    conversation_id text,
    form_submission_id text,
    visitor_name text,
    visitor_email text,
    created_at bigint not null,
    updated_at bigint not null,
    closed_at bigint,
    assignee_id text references users (id) on delete set null,
    priority integer not null default 1 check (priority between 0 and 3),
    due_at bigint,
    visible_to_visitor integer not null default 0 check (visible_to_visitor in (0, 1)),
    transcript text,
    due_sort integer generated always as (coalesce(due_at, 253402300799999)) stored,
    constraint tickets_closed_at_matches_status check ((status = 'closed') = (closed_at is not null)),
    constraint tickets_one_source check (${SOURCE_CHECK}),
    constraint tickets_owner_number_unique unique (owner_id, number)
  )`).execute(db);
  const columns = 'seq, id, owner_id, number, title, status, notes, version, source_type, conversation_id, form_submission_id, visitor_name, visitor_email, created_at, updated_at, closed_at, assignee_id';
  await sql.raw(`insert into tickets_new (${columns}) select ${columns} from tickets`).execute(db);
  await sql`drop table tickets`.execute(db);
  await sql`alter table tickets_new rename to tickets`.execute(db);
  for (const index of indexes.rows) await sql.raw(index.sql).execute(db);
  const broken = await sql`pragma foreign_key_check`.execute(db);
  if (broken.rows.length > 0) throw new Error(`0009_tickets_part2: ${broken.rows.length} broken references after the rebuild`);
}

/**
 * Existing tickets get the transcript of their source if it still exists (a deleted source's words
 * are gone). Walks the tickets by seq a page at a time, so memory stays flat on large workspaces.
 */
async function backfillTranscripts(raw: Kysely<unknown>): Promise<void> {
  const db = raw as Kysely<Schema>;
  for (let after = -1; ;) {
    const page = await db.selectFrom('tickets').select(['seq', 'id', 'owner_id', 'conversation_id', 'form_submission_id'])
      .where('seq', '>', after).where('transcript', 'is', null).where('source_type', 'is not', null)
      .orderBy('seq').limit(500).execute();
    if (page.length === 0) return;
    after = Number(page.at(-1)!.seq);
    for (const ticket of page) {
      let transcript = null;
      if (ticket.conversation_id) {
        const exists = await db.selectFrom('conversations').select('id').where('id', '=', ticket.conversation_id).where('owner_id', '=', ticket.owner_id).executeTakeFirst();
        if (exists) transcript = await conversationTranscript(db, ticket.owner_id, ticket.conversation_id);
      } else if (ticket.form_submission_id) {
        const submission = await db.selectFrom('form_submissions').select('fields').where('id', '=', ticket.form_submission_id).where('owner_id', '=', ticket.owner_id).executeTakeFirst();
        if (submission) transcript = submissionTranscript(submission.fields);
      }
      if (transcript) await db.updateTable('tickets').set({ transcript: JSON.stringify(transcript) }).where('id', '=', ticket.id).execute();
    }
  }
}

/** Tag keys fold ß/ss and İ/ı/i now; a tag whose new key another tag of its workspace holds keeps its old key. */
async function refoldTagKeys(db: Kysely<Schema>): Promise<void> {
  const tags = await db.selectFrom('tags').select(['id', 'owner_id', 'name', 'name_key']).orderBy('created_at').execute();
  const taken = new Set(tags.map((tag) => `${tag.owner_id}\u0000${tag.name_key}`));
  for (const tag of tags) {
    const key = tagKey(tag.name);
    if (key === tag.name_key || taken.has(`${tag.owner_id}\u0000${key}`)) continue;
    await db.updateTable('tags').set({ name_key: key }).where('id', '=', tag.id).execute();
    taken.add(`${tag.owner_id}\u0000${key}`);
  }
}
