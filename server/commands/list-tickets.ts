import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Ticket } from '../db/schema.js';
import { findSearchWindow, searchTerms } from '../db/search.js';
import { decodeCursor, encodeCursor } from '../lib/cursor.js';
import { presentTicket } from '../presenters/tickets.js';
import type { Actor } from './accounts.js';
import type { CommandContext } from './context.js';
import { findTagIdByName } from './tags.js';
import { loadTicketViews } from './ticket-views.js';

export type TicketListStatus = 'open' | 'new' | 'in_progress' | 'closed' | 'all';

export interface TicketListQuery {
  status?: TicketListStatus;
  q?: string;
  conversationId?: string;
  formSubmissionId?: string;
  /** `me`, `none` (unassigned) or a user id. */
  assignee?: string;
  /** A tag name, any case. */
  tag?: string;
  limit?: number;
  cursor?: string;
}

/**
 * The ticket inbox: newest first by number (keyset on number), or, with `q`, full-text results by
 * relevance (keyset on rank + seq). The default view is the open inbox; a search covers all statuses
 * unless one is asked for, so closed (archived) tickets stay findable.
 */
export async function listTickets(ctx: CommandContext, actor: Actor, query: TicketListQuery) {
  const limit = query.limit ?? 50;
  const assigneeId = query.assignee === undefined ? undefined : query.assignee === 'none' ? null : query.assignee === 'me' ? actor.userId : query.assignee;
  const tagId = query.tag === undefined ? undefined : await findTagIdByName(ctx.db, actor.ownerId, query.tag);
  // No such tag in this workspace: nothing carries it (and the cursor is still checked).
  if (tagId === null) {
    decodeCursor(query.cursor, {});
    return { items: [], nextCursor: null };
  }
  const terms = query.q ? searchTerms(query.q) : [];
  if (terms.length > 0) return searchTickets(ctx, actor, terms, { status: query.status ?? 'all', assigneeId, tagId }, limit, query.cursor);

  const after = decodeCursor(query.cursor, { n: 'number' });
  let select = ctx.db.selectFrom('tickets').selectAll().where('owner_id', '=', actor.ownerId);
  const status = query.status ?? 'open';
  // A literal `status <> 'closed'` (not a bound parameter) matches the partial index's predicate,
  // so both planners can prove the index applies.
  if (status === 'open') select = select.where(sql<boolean>`status <> 'closed'`);
  else if (status !== 'all') select = select.where('status', '=', status);
  if (query.conversationId) select = select.where('conversation_id', '=', query.conversationId);
  if (query.formSubmissionId) select = select.where('form_submission_id', '=', query.formSubmissionId);
  if (assigneeId === null) select = select.where('assignee_id', 'is', null);
  else if (assigneeId !== undefined) select = select.where('assignee_id', '=', assigneeId);
  if (tagId !== undefined) {
    select = select.where('id', 'in', (eb) => eb.selectFrom('ticket_tags').select('ticket_id').where('tag_id', '=', tagId));
  }
  if (after) select = select.where('number', '<', after.n);
  const rows = await select.orderBy('number', 'desc').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: await presentRows(ctx.db, actor, page),
    nextCursor: rows.length > limit && last ? encodeCursor({ n: Number(last.number) }) : null,
  };
}

interface SearchListFilters {
  status: TicketListStatus;
  /** A user id; null = unassigned only; undefined = anyone's. */
  assigneeId: string | null | undefined;
  tagId: string | undefined;
}

/**
 * Full-text results, best first: the search window (see findSearchWindow) is ranked here by
 * (relevance, seq) and filtered to the owner, status, assignee and tag. The cursor is the window's
 * ceiling plus a position in that ranking: relevance scores drift a little as other tickets change
 * (bm25 uses corpus statistics), but the order of a pinned window hardly does, so pages neither
 * repeat nor skip.
 */
async function searchTickets(ctx: CommandContext, actor: Actor, terms: string[], filters: SearchListFilters, limit: number, cursor?: string) {
  const { status, assigneeId, tagId } = filters;
  const after = decodeCursor(cursor, { c: 'number', o: 'number' });
  const window = await findSearchWindow(ctx.db, ctx.engine, actor.ownerId, terms, after?.c ?? null);
  const ceiling = after?.c ?? window[0]?.seq ?? 0;
  const statuses = status === 'all' ? null : status === 'open' ? ['new', 'in_progress'] : [status];
  // Narrow by key (owner, status, assignee, tag), then load whole rows for the page only. By key
  // only: an owner predicate in this IN query makes SQLite walk the owner's index; the owner is checked here.
  const keys = window.length ? await ctx.db.selectFrom('tickets').select(['seq', 'id', 'owner_id', 'status', 'assignee_id']).where('seq', 'in', window.map((h) => h.seq)).execute() : [];
  const tagged = tagId !== undefined && keys.length
    ? new Set((await ctx.db.selectFrom('ticket_tags').select('ticket_id').where('tag_id', '=', tagId).where('ticket_id', 'in', keys.map((k) => k.id)).execute()).map((row) => row.ticket_id))
    : null;
  const allowed = new Set(keys.filter((k) =>
    k.owner_id === actor.ownerId &&
    (!statuses || statuses.includes(k.status)) &&
    (assigneeId === undefined || k.assignee_id === assigneeId) &&
    (tagId === undefined || tagged?.has(k.id)),
  ).map((k) => Number(k.seq)));
  const ranked = window.filter((hit) => allowed.has(hit.seq)).sort((a, b) => a.rank - b.rank || a.seq - b.seq);
  const offset = after?.o ?? 0;
  const page = ranked.slice(offset, offset + limit);
  const rows = page.length ? await ctx.db.selectFrom('tickets').selectAll().where('seq', 'in', page.map((h) => h.seq)).execute() : [];
  const bySeq = new Map(rows.map((row) => [Number(row.seq), row]));
  return {
    items: await presentRows(ctx.db, actor, page.flatMap((hit) => bySeq.get(hit.seq) ?? [])),
    nextCursor: ranked.length > offset + limit ? encodeCursor({ c: ceiling, o: offset + limit }) : null,
  };
}

async function presentRows(db: Db, actor: Actor, rows: Ticket[]) {
  return (await loadTicketViews(db, actor.ownerId, rows)).map(presentTicket);
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
