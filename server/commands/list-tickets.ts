import { sql, type RawBuilder } from 'kysely';
import { NO_DUE_DATE, TICKET_SORTS, type TicketPriority } from '../../shared/schemas/tickets.js';
import { AppError } from '../errors.js';
import type { Db } from '../db/database.js';
import type { Ticket } from '../db/schema.js';
import { searchTerms } from '../db/search.js';
import { checkCursorNumbers, decodeCursor, encodeCursor } from '../lib/cursor.js';
import { presentTicketListItem, priorityRank } from '../presenters/tickets.js';
import type { Actor } from './accounts.js';
import type { CommandContext } from './context.js';
import { findTagIdByName } from './tags.js';
import { loadTicketViews } from './ticket-views.js';
import { searchTickets } from './search-tickets.js';

export type TicketListStatus = 'open' | 'new' | 'in_progress' | 'closed' | 'all';
export type TicketSort = (typeof TICKET_SORTS)[number];

export interface TicketListQuery {
  status?: TicketListStatus;
  q?: string;
  conversationId?: string;
  formSubmissionId?: string;
  /** `me`, `none` (unassigned) or a user id. */
  assignee?: string;
  /** A tag name, any case. */
  tag?: string;
  priority?: TicketPriority;
  due?: 'overdue' | 'today' | 'week';
  sort?: TicketSort;
  order?: 'asc' | 'desc';
  limit?: number;
  cursor?: string;
}

/**
 * Sort keys, spelled exactly as the indexes of migration 0009 (and 0004 for number) so each sort is
 * an index range read. `created` is the number order: numbers are taken in creation order.
 */
const SORT_KEY: Record<TicketSort, RawBuilder<number>> = {
  number: sql<number>`number`,
  created: sql<number>`number`,
  updated: sql<number>`updated_at`,
  priority: sql<number>`priority`,
  due: sql<number>`due_sort`,
};
const DAY_MS = 86_400_000;

/**
 * The ticket inbox, keyset-paginated on (sort key, number) — the cursor carries the sort, the order
 * and the last row's key; or, with `q`, search results by relevance (see searchTickets). The default
 * view is the open inbox, newest first; a search covers all statuses unless one is asked for.
 */
export async function listTickets(ctx: CommandContext, actor: Actor, query: TicketListQuery) {
  const scope = await resolveFilters(ctx, actor, query);
  // No such tag in this workspace: nothing carries it (and the cursor is still checked).
  if (scope === null) {
    decodeCursor(query.cursor, {});
    return { items: [], nextCursor: null };
  }
  const terms = query.q ? searchTerms(query.q) : [];
  if (terms.length > 0) return searchTickets(ctx, actor, query.q!, terms, { ...scope, status: query.status ?? 'all' }, query.limit ?? 50, query.cursor);
  const limit = query.limit ?? 50;
  const { sort, order } = sortOf(query);
  const after = decodeCursor(query.cursor, { s: 'string', o: 'string', k: 'number', n: 'number' });
  if (after && (after.s !== sort || after.o !== order)) throw new AppError(422, 'validation_failed', 'querystring.cursor belongs to another sort order.', { field: 'cursor' });
  if (after) checkCursorNumbers([after.k, after.n], sort === 'priority' ? after.k : 0);
  const rows = await findTicketPage(ctx.db, actor, { ...scope, status: query.status ?? 'open' }, { sort, order }, after, limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: await presentRows(ctx.db, actor, page),
    nextCursor: rows.length > limit && last ? encodeCursor({ s: sort, o: order, ...keyOf(sort, last) }) : null,
  };
}

export function sortOf(query: { sort?: TicketSort; order?: 'asc' | 'desc' }) {
  const sort = query.sort ?? 'number';
  return { sort, order: query.order ?? (sort === 'due' ? 'asc' : 'desc') };
}

/** The keyset position of a row: its sort key and number. */
export const keyOf = (sort: TicketSort, row: Ticket) => ({ k: sortValue(sort, row), n: Number(row.number) });

/** One keyset page of the filtered tickets, after `after` (exclusive), in (sort key, number) order. */
export function findTicketPage(
  db: Db,
  actor: Actor,
  scope: TicketFilterScope,
  sorting: { sort: TicketSort; order: 'asc' | 'desc' },
  after: { k: number; n: number } | null,
  limit: number,
): Promise<Ticket[]> {
  return ticketPageQuery(db, actor, scope, sorting, after, limit).execute();
}

/** The page query itself (bench/explain-tickets.ts prints its plans). */
export function ticketPageQuery(
  db: Db,
  actor: Actor,
  scope: TicketFilterScope,
  { sort, order }: { sort: TicketSort; order: 'asc' | 'desc' },
  after: { k: number; n: number } | null,
  limit: number,
) {
  const key = SORT_KEY[sort];
  let select = filteredTickets(db, actor, scope);
  if (after) {
    select = sort === 'number' || sort === 'created'
      ? select.where('number', order === 'desc' ? '<' : '>', after.n)
      : select.where(sql<boolean>`(${key}, number) ${sql.raw(order === 'desc' ? '<' : '>')} (${after.k}, ${after.n})`);
  }
  return select.orderBy(key, order).orderBy('number', order).limit(limit);
}

function sortValue(sort: TicketSort, row: Ticket): number {
  if (sort === 'updated') return Number(row.updated_at);
  if (sort === 'priority') return row.priority;
  if (sort === 'due') return row.due_at === null ? NO_DUE_DATE : Number(row.due_at);
  return Number(row.number);
}

export interface TicketFilterScope {
  status: TicketListStatus;
  conversationId?: string;
  formSubmissionId?: string;
  /** A user id; null = unassigned only; undefined = anyone's. */
  assigneeId: string | null | undefined;
  tagId: string | undefined;
  priority: number | undefined;
  due?: 'overdue' | 'today' | 'week';
  now: number;
}

/** Turns the query's names (me, none, a tag name, a priority) into ids and ranks; null when the tag does not exist. */
export async function resolveFilters(ctx: CommandContext, actor: Actor, query: TicketListQuery): Promise<Omit<TicketFilterScope, 'status'> | null> {
  const assigneeId = query.assignee === undefined ? undefined : query.assignee === 'none' ? null : query.assignee === 'me' ? actor.userId : query.assignee;
  const tagId = query.tag === undefined ? undefined : await findTagIdByName(ctx.db, actor.ownerId, query.tag);
  if (tagId === null) return null;
  return {
    conversationId: query.conversationId,
    formSubmissionId: query.formSubmissionId,
    assigneeId,
    tagId,
    priority: query.priority === undefined ? undefined : priorityRank(query.priority),
    due: query.due,
    now: Date.now(),
  };
}

/** The owner's tickets narrowed by the list's filters (shared by the list and the CSV export). */
export function filteredTickets(db: Db, actor: Actor, scope: TicketFilterScope) {
  let select = db.selectFrom('tickets').selectAll().where('owner_id', '=', actor.ownerId);
  // A literal `status <> 'closed'` (not a bound parameter) matches the partial indexes' predicate,
  // so both planners can prove they apply.
  if (scope.status === 'open') select = select.where(sql<boolean>`status <> 'closed'`);
  else if (scope.status !== 'all') select = select.where('status', '=', scope.status);
  if (scope.conversationId) select = select.where('conversation_id', '=', scope.conversationId);
  if (scope.formSubmissionId) select = select.where('form_submission_id', '=', scope.formSubmissionId);
  if (scope.assigneeId === null) select = select.where('assignee_id', 'is', null);
  else if (scope.assigneeId !== undefined) select = select.where('assignee_id', '=', scope.assigneeId);
  if (scope.tagId !== undefined) {
    const tagId = scope.tagId;
    select = select.where('id', 'in', (eb) => eb.selectFrom('ticket_tags').select('ticket_id').where('tag_id', '=', tagId));
  }
  if (scope.priority !== undefined) select = select.where('priority', '=', scope.priority);
  if (scope.due) {
    // Written on the due sort key, so the due index serves the range. Days are UTC days.
    const today = Math.floor(scope.now / DAY_MS) * DAY_MS;
    const due = SORT_KEY.due;
    if (scope.due === 'overdue') select = select.where(due, '<', scope.now).where(sql<boolean>`status <> 'closed'`);
    else select = select.where(due, '>=', today).where(due, '<', today + (scope.due === 'today' ? 1 : 7) * DAY_MS);
  }
  return select;
}

async function presentRows(db: Db, actor: Actor, rows: Ticket[]) {
  return (await loadTicketViews(db, actor.ownerId, rows)).map((view) => presentTicketListItem(view));
}

/** Tickets made from one conversation or submission, as listed on the source's own view. */
export async function listTicketsOfSource(db: Db, ownerId: string, source: { conversationId: string } | { formSubmissionId: string }) {
  let select = db.selectFrom('tickets').select(['id', 'number', 'title', 'status']).where('owner_id', '=', ownerId);
  select = 'conversationId' in source
    ? select.where('conversation_id', '=', source.conversationId)
    : select.where('form_submission_id', '=', source.formSubmissionId);
  const rows = await select.orderBy('number').execute();
  return rows.map((row) => ({ ...row, number: Number(row.number) }));
}

/** The tickets of many submissions at once (a page of the submissions list), by submission id, oldest first. */
export async function listTicketsOfSubmissions(db: Db, ownerId: string, submissionIds: string[]) {
  const bySubmission = new Map<string, { id: string; number: number; title: string; status: Ticket['status'] }[]>();
  if (submissionIds.length === 0) return bySubmission;
  const rows = await db.selectFrom('tickets').select(['id', 'number', 'title', 'status', 'form_submission_id'])
    .where('owner_id', '=', ownerId).where('form_submission_id', 'in', submissionIds).orderBy('number').execute();
  for (const row of rows) {
    const list = bySubmission.get(row.form_submission_id!) ?? [];
    list.push({ id: row.id, number: Number(row.number), title: row.title, status: row.status });
    bySubmission.set(row.form_submission_id!, list);
  }
  return bySubmission;
}
