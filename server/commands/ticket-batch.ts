import { sql, type Kysely } from 'kysely';
import type { Db, Engine } from '../db/database.js';
import type { Schema } from '../db/schema.js';
import { indexTicket, indexTicketsBulk } from '../db/search.js';
import { loadTagNames } from './tags.js';
import { parseTranscript, transcriptText } from './ticket-transcript.js';
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

/**
 * Rebuilds every ticket's search document (after the tokenizer changed, or a backfill), a page of
 * tickets at a time, in seq order: flat memory however many tickets there are.
 */
export async function rebuildTicketSearch(db: Kysely<Schema>, engine: Engine, options: { vocabulary?: boolean } = {}): Promise<void> {
  if (engine === 'sqlite') await sql`insert into ticket_search (ticket_search) values ('delete-all')`.execute(db);
  for (let after = -1; ;) {
    const page = await db.selectFrom('tickets').selectAll().where('seq', '>', after).orderBy('seq').limit(500).execute();
    if (page.length === 0) return;
    after = Number(page.at(-1)!.seq);
    const ids = page.map((t) => t.id);
    const attachments = await db.selectFrom('ticket_attachments').select(['ticket_id', 'filename']).where('ticket_id', 'in', ids).orderBy('created_at').execute();
    const tagsByOwner = new Map<string, Map<string, string[]>>();
    for (const ownerId of new Set(page.map((t) => t.owner_id))) {
      tagsByOwner.set(ownerId, await loadTagNames(db, ownerId, page.filter((t) => t.owner_id === ownerId).map((t) => t.id)));
    }
    await indexTicketsBulk(db, engine, page.map((ticket) => ({
      seq: Number(ticket.seq),
      ownerId: ticket.owner_id,
      doc: {
        title: ticket.title,
        notes: ticket.notes,
        visitorName: ticket.visitor_name,
        visitorEmail: ticket.visitor_email,
        tags: tagsByOwner.get(ticket.owner_id)?.get(ticket.id) ?? [],
        filenames: attachments.filter((a) => a.ticket_id === ticket.id).map((a) => a.filename),
        transcript: transcriptText(parseTranscript(ticket.transcript)),
      },
    })), options);
  }
}
