import type { Db } from '../db/database.js';
import { indexTicket } from '../db/search.js';
import { presentTicket } from '../presenters/tickets.js';
import type { CommandContext } from './context.js';
import { loadTicketViews, ticketSearchDocument } from './ticket-views.js';

/** Statement size for bulk changes (SQLite caps bound parameters per statement). */
const CHUNK = 500;

/**
 * Marks tickets changed by a workspace-wide operation (a tag renamed or deleted, a teammate removed):
 * version and updated_at move on, and the search document is rebuilt when asked. Call it before
 * touching the tickets' tags: on PostgreSQL the ticket rows are locked first, in id order, the same
 * order a single-ticket PATCH takes (ticket row, then its tags), so the two cannot deadlock.
 */
export async function touchTickets(ctx: CommandContext, trx: Db, ownerId: string, ticketIds: string[]): Promise<void> {
  const ids = [...new Set(ticketIds)].sort();
  const now = Date.now();
  for (let start = 0; start < ids.length; start += CHUNK) {
    const chunk = ids.slice(start, start + CHUNK);
    if (ctx.engine === 'postgres') {
      await trx.selectFrom('tickets').select('id').where('owner_id', '=', ownerId).where('id', 'in', chunk).orderBy('id').forUpdate().execute();
    }
    await trx
      .updateTable('tickets')
      .set((eb) => ({ version: eb('version', '+', 1), updated_at: now }))
      .where('owner_id', '=', ownerId)
      .where('id', 'in', chunk)
      .execute();
  }
}

/** Rebuilds the search documents of these tickets (after their tags changed). */
export async function reindexTickets(ctx: CommandContext, trx: Db, ownerId: string, ticketIds: string[]): Promise<void> {
  for (let start = 0; start < ticketIds.length; start += CHUNK) {
    const rows = await trx.selectFrom('tickets').selectAll().where('owner_id', '=', ownerId).where('id', 'in', ticketIds.slice(start, start + CHUNK)).execute();
    for (const row of rows) await indexTicket(trx, ctx.engine, { seq: row.seq, ownerId }, await ticketSearchDocument(trx, row));
  }
}

/** After commit: tells the workspace's dashboards about each changed ticket (presented a page at a time). */
export async function publishTicketsUpdated(ctx: CommandContext, ownerId: string, ticketIds: string[]): Promise<void> {
  for (let start = 0; start < ticketIds.length; start += 200) {
    const rows = await ctx.db.selectFrom('tickets').selectAll().where('owner_id', '=', ownerId).where('id', 'in', ticketIds.slice(start, start + 200)).execute();
    for (const view of await loadTicketViews(ctx.db, ownerId, rows)) {
      ctx.events.toOwner(ownerId, { type: 'ticket.updated', data: { ticket: presentTicket(view) } });
    }
  }
}
