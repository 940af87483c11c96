import { PostgresAdapter, sql, type RawBuilder } from 'kysely';
import type { Db, Engine } from './database.js';
import { prepared } from './pg-prepared.js';
import type { Ticket, TicketAttachment } from './schema.js';

/** The engine behind a Kysely instance or transaction (they share the dialect's adapter). */
export function engineOf(db: Db): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** A ticket row with what its presenter needs from other tables (source, tags, assignee, attachments). */
export interface TicketViewRow extends Ticket {
  sourceAvailable: boolean;
  /** Tag names, unsorted. */
  tagNames: string[];
  assignee: { id: string; name: string } | null;
  /** Oldest first. */
  attachments: TicketAttachment[];
}

type TicketViewExtras = Omit<TicketViewRow, keyof Ticket>;

interface RawViewRow extends Ticket {
  source_available: number | boolean;
  tags_json: string | string[];
  assignee_name: string | null;
  attachments_json: string | TicketAttachment[];
}

/**
 * Tickets of the owner and everything their views need, in ONE statement (one round trip on
 * PostgreSQL instead of five): the source's existence, the tag names, the assignee's name and the
 * attachments are correlated subqueries aggregated to JSON (json_agg on PostgreSQL,
 * json_group_array on SQLite). `forUpdate` locks the ticket rows (PostgreSQL; SQLite's BEGIN IMMEDIATE
 * already holds the write lock), so a write path reads what it needs and locks in the same round trip.
 * Every subquery is scoped by the ticket's owner, which is the actor's. Rows come back in no order.
 */
export async function selectTicketViews(db: Db, ownerId: string, ticketIds: string[], options: { forUpdate?: boolean } = {}): Promise<TicketViewRow[]> {
  const rows = await selectViewRows(db, sql`t.*`, ownerId, ticketIds, options.forUpdate ?? false);
  return rows.map((row) => toViewRow(row as RawViewRow));
}

/** Only what tickets already read (a list page) lack for their views: keyed by ticket id, same statement shape. */
export async function selectTicketViewExtras(db: Db, ownerId: string, ticketIds: string[]): Promise<Map<string, TicketViewExtras>> {
  const rows = await selectViewRows(db, sql`t.id, t.assignee_id`, ownerId, ticketIds, false);
  return new Map(rows.map((row) => [(row as RawViewRow).id, toViewExtras(row as RawViewRow)]));
}

async function selectViewRows(db: Db, columns: RawBuilder<unknown>, ownerId: string, ticketIds: string[], forUpdate: boolean) {
  if (ticketIds.length === 0) return [];
  const postgres = engineOf(db) === 'postgres';
  // SQLite: `+owner_id` keeps the planner on the id (unique) index; with a plain owner predicate and no
  // fresh statistics it may walk the owner's whole index instead (see loadTicketViews' history).
  const where = postgres ? sql`t.owner_id = ${ownerId} and t.id in (${sql.join(ticketIds)})` : sql`+t.owner_id = ${ownerId} and t.id in (${sql.join(ticketIds)})`;
  const query = postgres ? postgresViewSql(columns, where, forUpdate, ticketIds.length === 1) : sqliteViewSql(columns, where);
  return (await query.execute(db)).rows;
}

/** One ticket's view (see selectTicketViews), or undefined when the owner has no such ticket. */
export async function selectTicketView(db: Db, ownerId: string, ticketId: string, options: { forUpdate?: boolean } = {}): Promise<TicketViewRow | undefined> {
  return (await selectTicketViews(db, ownerId, [ticketId], options))[0];
}

/** `plus` is SQLite's `+` (the owner term is checked, never used to pick an index: the ids are unique). */
const sourceAvailable = (plus: RawBuilder<unknown>) => sql`case
    when t.conversation_id is not null then exists(select 1 from conversations c where c.id = t.conversation_id and ${plus}c.owner_id = t.owner_id)
    when t.form_submission_id is not null then exists(select 1 from form_submissions s where s.id = t.form_submission_id and ${plus}s.owner_id = t.owner_id)
    else false end`;

function postgresViewSql(columns: RawBuilder<unknown>, where: RawBuilder<unknown>, forUpdate: boolean, single: boolean) {
  const statement = sql<Partial<RawViewRow>>`select ${columns}, ${sourceAvailable(sql``)} as source_available,
    coalesce((select json_agg(g.name) from ticket_tags tt join tags g on g.id = tt.tag_id
      where tt.ticket_id = t.id and tt.owner_id = t.owner_id), '[]'::json) as tags_json,
    u.name as assignee_name,
    coalesce((select json_agg(json_build_object('id', a.id, 'owner_id', a.owner_id, 'ticket_id', a.ticket_id,
        'object_key', a.object_key, 'thumbnail_key', a.thumbnail_key, 'filename', a.filename,
        'content_type', a.content_type, 'size', a.size, 'created_at', a.created_at) order by a.created_at, a.id)
      from ticket_attachments a where a.ticket_id = t.id and a.owner_id = t.owner_id), '[]'::json) as attachments_json
    from tickets t left join users u on u.id = t.assignee_id
    where ${where}${forUpdate ? sql` for update of t` : sql``}`;
  // One ticket (GET /api/tickets/{id}, every write path) is prepared once per connection: a unique-key lookup
  // has one plan whatever the id. Never a page of ids: PostgreSQL's generic plan for `owner_id = $1 and id in
  // ($2 … $51)` walked the owner's tickets (page 2 of the inbox at 1M: 104 ms of backend CPU instead of ~3).
  return single ? prepared(statement) : statement;
}

function sqliteViewSql(columns: RawBuilder<unknown>, where: RawBuilder<unknown>) {
  return sql<Partial<RawViewRow>>`select ${columns}, ${sourceAvailable(sql`+`)} as source_available,
    (select json_group_array(g.name) from ticket_tags tt join tags g on g.id = tt.tag_id
      where tt.ticket_id = t.id and +tt.owner_id = t.owner_id) as tags_json,
    u.name as assignee_name,
    (select json_group_array(json_object('id', a.id, 'owner_id', a.owner_id, 'ticket_id', a.ticket_id,
        'object_key', a.object_key, 'thumbnail_key', a.thumbnail_key, 'filename', a.filename,
        'content_type', a.content_type, 'size', a.size, 'created_at', a.created_at))
      from ticket_attachments a where a.ticket_id = t.id and +a.owner_id = t.owner_id) as attachments_json
    from tickets t left join users u on u.id = t.assignee_id
    where ${where}`;
}

/**
 * The row as one object literal of a fixed shape. Copying it with object rest/spread (`{ a, ...ticket } = raw`, here
 * and again in the callers) was 14% of the event loop's busy time in a common-word search at 1M (two copies of every
 * row of a page of 50). Listing the columns keeps the compiler honest: a new column of `tickets` fails to type-check
 * here until it is added.
 */
function toViewRow(raw: RawViewRow): TicketViewRow {
  const extras = toViewExtras(raw);
  return {
    seq: raw.seq,
    id: raw.id,
    owner_id: raw.owner_id,
    number: raw.number,
    title: raw.title,
    status: raw.status,
    notes: raw.notes,
    version: raw.version,
    source_type: raw.source_type,
    conversation_id: raw.conversation_id,
    form_submission_id: raw.form_submission_id,
    visitor_name: raw.visitor_name,
    visitor_email: raw.visitor_email,
    created_at: raw.created_at,
    updated_at: raw.updated_at,
    closed_at: raw.closed_at,
    assignee_id: raw.assignee_id,
    priority: raw.priority,
    due_at: raw.due_at,
    visible_to_visitor: raw.visible_to_visitor,
    transcript: raw.transcript,
    due_sort: raw.due_sort,
    sourceAvailable: extras.sourceAvailable,
    tagNames: extras.tagNames,
    assignee: extras.assignee,
    attachments: extras.attachments,
  };
}

function toViewExtras(raw: RawViewRow): TicketViewExtras {
  return {
    sourceAvailable: Boolean(raw.source_available),
    tagNames: parseJsonList<string>(raw.tags_json),
    assignee: raw.assignee_id && raw.assignee_name !== null ? { id: raw.assignee_id, name: raw.assignee_name } : null,
    // Oldest first, ties by id (SQLite's json_group_array promises no order).
    attachments: parseJsonList<TicketAttachment>(raw.attachments_json).sort((a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}

/** A JSON array from SQLite (text; `[]` — most tickets — without parsing) or PostgreSQL (already parsed). */
function parseJsonList<T>(value: string | T[]): T[] {
  if (typeof value !== 'string') return value;
  return value === '[]' ? [] : (JSON.parse(value) as T[]);
}
