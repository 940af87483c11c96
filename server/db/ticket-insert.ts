import { sql } from 'kysely';
import type { Db } from './database.js';
import type { Ticket, TicketAttachment } from './schema.js';
import { postgresSearchVector, type SearchDocument } from './search.js';
import { subscribedWebhooksColumn, webhookIdsOf } from '../webhooks/record.js';

export interface TicketInsert {
  /** Every column but seq, number and search_vector. */
  row: Omit<Ticket, 'seq' | 'number' | 'priority' | 'due_at' | 'due_sort' | 'visible_to_visitor'>;
  activity: { id: string; owner_id: string; actor_id: string | null; kind: string; data: string; created_at: number };
  files: TicketAttachment[];
  search: SearchDocument;
  /** Insert nothing when the source already has a ticket (checked in this statement's own snapshot). */
  unlessSourceHasTicket: { conversationId: string } | { formSubmissionId: string } | null;
}

/**
 * PostgreSQL: a new ticket in ONE statement — its per-owner number (the counter upsert), the row with
 * its search vector, its timeline entry and its files, as data-modifying CTEs chained on the inserted
 * row. Undefined when `unlessSourceHasTicket` found a ticket: the statement starts after the caller's
 * lock on the source was granted, so its snapshot sees a ticket committed by whoever held that lock
 * (a check in the locking statement itself would not: its snapshot predates the wait).
 * The same statement returns the webhooks subscribed to `ticket.created` (no separate lookup).
 */
export async function insertTicketPostgres(db: Db, input: TicketInsert): Promise<{ ticket: Ticket; webhookIds: string[] } | undefined> {
  const { row, activity, files } = input;
  const guard = input.unlessSourceHasTicket;
  const duplicate = guard === null
    ? sql``
    : 'conversationId' in guard
      ? sql`where not exists (select 1 from tickets where owner_id = ${row.owner_id} and conversation_id = ${guard.conversationId})`
      : sql`where not exists (select 1 from tickets where owner_id = ${row.owner_id} and form_submission_id = ${guard.formSubmissionId})`;
  const columns = Object.keys(row) as (keyof TicketInsert['row'])[];
  const filesCte = files.length === 0 ? sql`` : sql`, files as (
    insert into ticket_attachments (id, owner_id, ticket_id, object_key, thumbnail_key, filename, content_type, size, created_at)
    ${sql.join(files.map((file) => sql`select ${file.id}::text, ${file.owner_id}::text, ticket.id, ${file.object_key}::text, ${file.thumbnail_key}::text,
      ${file.filename}::text, ${file.content_type}::text, ${file.size}::bigint, ${file.created_at}::bigint from ticket`), sql` union all `)}
  )`;
  const result = await sql<Ticket & { webhook_ids: unknown }>`with counter as (
    insert into ticket_counters (owner_id, last_number) select ${row.owner_id}, 1 ${duplicate}
    on conflict (owner_id) do update set last_number = ticket_counters.last_number + 1 returning last_number
  ), ticket as (
    insert into tickets (${sql.join(columns.map((column) => sql.ref(column)))}, number, search_vector)
    select ${sql.join(columns.map((column) => sql`${row[column]}`))}, counter.last_number, ${postgresSearchVector(input.search)} from counter
    returning *
  ), activity as (
    insert into ticket_activity (id, owner_id, ticket_id, actor_id, kind, data, created_at)
    select ${activity.id}, ${activity.owner_id}, ticket.id, ${activity.actor_id}, ${activity.kind}, ${activity.data}, ${activity.created_at} from ticket
  )${filesCte}
  select *, ${subscribedWebhooksColumn('postgres', 'ticket.created', 'ticket.owner_id')} as webhook_ids from ticket`.execute(db);
  const found = result.rows[0];
  if (!found) return undefined;
  const { webhook_ids: _ids, ...ticket } = found;
  return { ticket, webhookIds: webhookIdsOf(found) };
}
