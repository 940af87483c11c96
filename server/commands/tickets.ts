import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Ticket, TicketStatus } from '../db/schema.js';
import { indexTicket, unindexTicket } from '../db/search.js';
import { AppError, notFound } from '../errors.js';
import { newId } from '../lib/ids.js';
import { presentTicket } from '../presenters/tickets.js';
import type { Actor } from './accounts.js';
import { attachmentObjectKeys, removeObjects } from './attachment-objects.js';
import type { CommandContext } from './context.js';
import { deriveTicketTitle } from './ticket-title.js';
import { loadTicketViews, ticketSearchDocument } from './ticket-views.js';

type NewTicketSource =
  | { type: 'conversation'; id: string; visitorName: string | null; visitorEmail: string | null }
  | { type: 'form_submission'; id: string; visitorName: string | null; visitorEmail: string | null };

/** Promotes a conversation of the actor's workspace into a ticket (deliberately; never automatic). */
export async function createTicketFromConversation(ctx: CommandContext, actor: Actor, conversationId: string, title?: string) {
  const ticket = await ctx.db.transaction().execute(async (trx) => {
    const conversation = await trx
      .selectFrom('conversations')
      .select(['id', 'visitor_name', 'visitor_email'])
      .where('owner_id', '=', actor.ownerId)
      .where('id', '=', conversationId)
      .executeTakeFirst();
    if (!conversation) throw notFound('Conversation');
    const firstMessage = await trx
      .selectFrom('messages')
      .select('body')
      .where('conversation_id', '=', conversation.id)
      .where('author', '=', 'visitor')
      .orderBy('created_at')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    const source = { type: 'conversation', id: conversation.id, visitorName: conversation.visitor_name, visitorEmail: conversation.visitor_email } as const;
    const derived = deriveTicketTitle({ ...source, firstMessage: firstMessage?.body, fallback: 'Conversation' });
    return insertTicket(ctx, trx, actor, source, title ?? derived);
  });
  return publishTicket(ctx, actor, ticket, 'ticket.created');
}

/** Promotes a form submission of the actor's workspace into a ticket, pre-titled with the visitor. */
export async function createTicketFromSubmission(ctx: CommandContext, actor: Actor, submissionId: string, title?: string) {
  const ticket = await ctx.db.transaction().execute(async (trx) => {
    const submission = await trx
      .selectFrom('form_submissions')
      .select(['id', 'visitor_name', 'visitor_email', 'form_name'])
      .where('owner_id', '=', actor.ownerId)
      .where('id', '=', submissionId)
      .executeTakeFirst();
    if (!submission) throw notFound('Form submission');
    const source = { type: 'form_submission', id: submission.id, visitorName: submission.visitor_name, visitorEmail: submission.visitor_email } as const;
    const derived = deriveTicketTitle({ ...source, fallback: `${submission.form_name} submission` });
    return insertTicket(ctx, trx, actor, source, title ?? derived);
  });
  return publishTicket(ctx, actor, ticket, 'ticket.created');
}

async function insertTicket(ctx: CommandContext, trx: Db, actor: Actor, source: NewTicketSource, title: string): Promise<Ticket> {
  const number = await allocateTicketNumber(trx, actor.ownerId);
  const now = Date.now();
  const ticket = await trx
    .insertInto('tickets')
    .values({
      id: newId(),
      owner_id: actor.ownerId,
      number,
      title,
      status: 'new',
      notes: '',
      version: 1,
      source_type: source.type,
      conversation_id: source.type === 'conversation' ? source.id : null,
      form_submission_id: source.type === 'form_submission' ? source.id : null,
      visitor_name: source.visitorName,
      visitor_email: source.visitorEmail,
      created_at: now,
      updated_at: now,
      closed_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await indexTicket(trx, ctx.engine, { seq: ticket.seq, ownerId: actor.ownerId }, await ticketSearchDocument(trx, ticket));
  return ticket;
}

/** Next per-owner number; gapless because it rolls back with the transaction that took it. */
async function allocateTicketNumber(trx: Db, ownerId: string): Promise<number> {
  const row = await trx
    .insertInto('ticket_counters')
    .values({ owner_id: ownerId, last_number: 1 })
    .onConflict((oc) => oc.column('owner_id').doUpdateSet({ last_number: sql`ticket_counters.last_number + 1` }))
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return Number(row.last_number);
}

export interface TicketChanges {
  status?: TicketStatus;
  notes?: string;
  title?: string;
  /** When given, the update applies only if the ticket is still at this version (else 409). */
  version?: number;
}

/** Applies a status/notes/title change with optimistic concurrency; closedAt follows the status. */
export async function updateTicket(ctx: CommandContext, actor: Actor, ticketId: string, changes: TicketChanges) {
  const ticket = await ctx.db.transaction().execute(async (trx) => {
    const current = await findTicketRow(trx, actor.ownerId, ticketId);
    if (changes.version !== undefined && changes.version !== current.version) throw await versionConflict(trx, actor, current.id);
    const status = changes.status ?? current.status;
    const closedAt = status !== 'closed' ? null : current.status === 'closed' ? current.closed_at : Date.now();
    const updated = await trx
      .updateTable('tickets')
      .set({
        status,
        closed_at: closedAt,
        notes: changes.notes ?? current.notes,
        title: changes.title ?? current.title,
        version: current.version + 1,
        updated_at: Date.now(),
      })
      .where('id', '=', current.id)
      .where('owner_id', '=', actor.ownerId)
      .where('version', '=', current.version)
      .returningAll()
      .executeTakeFirst();
    // Lost a race between our read and write (PostgreSQL READ COMMITTED): same answer as a stale version.
    if (!updated) throw await versionConflict(trx, actor, current.id);
    if (changes.notes !== undefined || changes.title !== undefined) {
      await indexTicket(trx, ctx.engine, { seq: updated.seq, ownerId: actor.ownerId }, await ticketSearchDocument(trx, updated));
    }
    return updated;
  });
  return publishTicket(ctx, actor, ticket, 'ticket.updated');
}

/** 409 carrying the current ticket, so a client can show what changed without losing its own edit. */
async function versionConflict(db: Db, actor: Actor, ticketId: string): Promise<AppError> {
  const current = await getTicket(db, actor, ticketId);
  return new AppError(409, 'version_conflict', 'This ticket was changed by someone else meanwhile.', { ticket: current });
}

/** Deletes a ticket; its attachment rows go with it (cascade), their files right after the commit. */
export async function deleteTicket(ctx: CommandContext, actor: Actor, ticketId: string): Promise<void> {
  const objectKeys = await ctx.db.transaction().execute(async (trx) => {
    const ticket = await findTicketRow(trx, actor.ownerId, ticketId);
    const keys = await attachmentObjectKeys(trx, actor.ownerId, ticket.id);
    await unindexTicket(trx, ctx.engine, ticket.seq);
    await trx.deleteFrom('tickets').where('id', '=', ticket.id).where('owner_id', '=', actor.ownerId).execute();
    return keys;
  });
  await removeObjects(ctx, objectKeys);
  ctx.events.toOwner(actor.ownerId, { type: 'ticket.deleted', data: { id: ticketId } });
}

export async function getTicket(db: Db, actor: Actor, ticketId: string) {
  const [view] = await loadTicketViews(db, actor.ownerId, [await findTicketRow(db, actor.ownerId, ticketId)]);
  return presentTicket(view!);
}

async function findTicketRow(db: Db, ownerId: string, ticketId: string): Promise<Ticket> {
  const ticket = await db.selectFrom('tickets').selectAll().where('owner_id', '=', ownerId).where('id', '=', ticketId).executeTakeFirst();
  if (!ticket) throw notFound('Ticket');
  return ticket;
}

/** Presents the committed ticket and tells the workspace's dashboards about it. */
export async function publishTicket(ctx: CommandContext, actor: Actor, ticket: Ticket, type: 'ticket.created' | 'ticket.updated') {
  const [view] = await loadTicketViews(ctx.db, actor.ownerId, [ticket]);
  const presented = presentTicket(view!);
  ctx.events.toOwner(actor.ownerId, { type, data: { ticket: presented } });
  return presented;
}
