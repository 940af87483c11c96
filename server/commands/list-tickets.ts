import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Ticket } from '../db/schema.js';
import { findSearchWindow, searchTerms } from '../db/search.js';
import { decodeCursor, encodeCursor } from '../lib/cursor.js';
import { presentTicket } from '../presenters/tickets.js';
import type { Actor } from './accounts.js';
import type { CommandContext } from './context.js';
import { loadTicketViews } from './ticket-views.js';

export type TicketListStatus = 'open' | 'new' | 'in_progress' | 'closed' | 'all';

export interface TicketListQuery {
  status?: TicketListStatus;
  q?: string;
  conversationId?: string;
  formSubmissionId?: string;
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
  const terms = query.q ? searchTerms(query.q) : [];
  if (terms.length > 0) return searchTickets(ctx, actor, terms, query.status ?? 'all', limit, query.cursor);

  const after = decodeCursor(query.cursor, { n: 'number' });
  let select = ctx.db.selectFrom('tickets').selectAll().where('owner_id', '=', actor.ownerId);
  const status = query.status ?? 'open';
  // A literal `status <> 'closed'` (not a bound parameter) matches the partial index's predicate,
  // so both planners can prove the index applies.
  if (status === 'open') select = select.where(sql<boolean>`status <> 'closed'`);
  else if (status !== 'all') select = select.where('status', '=', status);
  if (query.conversationId) select = select.where('conversation_id', '=', query.conversationId);
  if (query.formSubmissionId) select = select.where('form_submission_id', '=', query.formSubmissionId);
  if (after) select = select.where('number', '<', after.n);
  const rows = await select.orderBy('number', 'desc').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: await presentRows(ctx.db, actor, page),
    nextCursor: rows.length > limit && last ? encodeCursor({ n: Number(last.number) }) : null,
  };
}

/**
 * Full-text results, best first: the search window (see findSearchWindow) is ranked here by
 * (relevance, seq) and filtered to the owner and status. The cursor is the window's ceiling plus a
 * position in that ranking: relevance scores drift a little as other tickets change (bm25 uses
 * corpus statistics), but the order of a pinned window hardly does, so pages neither repeat nor skip.
 */
async function searchTickets(ctx: CommandContext, actor: Actor, terms: string[], status: TicketListStatus, limit: number, cursor?: string) {
  const after = decodeCursor(cursor, { c: 'number', o: 'number' });
  const window = await findSearchWindow(ctx.db, ctx.engine, actor.ownerId, terms, after?.c ?? null);
  const ceiling = after?.c ?? window[0]?.seq ?? 0;
  const statuses = status === 'all' ? null : status === 'open' ? ['new', 'in_progress'] : [status];
  // Narrow by key (owner and status), then load whole rows for the page only. By key only: an owner
  // predicate in this IN query makes SQLite walk the owner's index; the owner is checked here.
  const keys = window.length ? await ctx.db.selectFrom('tickets').select(['seq', 'owner_id', 'status']).where('seq', 'in', window.map((h) => h.seq)).execute() : [];
  const allowed = new Set(keys.filter((k) => k.owner_id === actor.ownerId && (!statuses || statuses.includes(k.status))).map((k) => Number(k.seq)));
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
