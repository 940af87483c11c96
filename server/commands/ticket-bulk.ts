import type { TicketPriority } from '../../shared/schemas/tickets.js';
import { isForeignKeyViolation } from '../db/database.js';
import type { Ticket, TicketStatus } from '../db/schema.js';
import { indexTicket } from '../db/search.js';
import { AppError, notFound } from '../errors.js';
import { presentTicket, priorityName, priorityRank } from '../presenters/tickets.js';
import type { Actor } from './accounts.js';
import type { CommandContext } from './context.js';
import { loadTagNames, normalizeTagName, normalizeTagNames, setTicketTags } from './tags.js';
import { recordTicketActivities, type TicketActivityEntry } from './ticket-activity.js';
import { publishVisitorStatus } from './ticket-visitor.js';
import { queueTicketStatusMail } from './visitor-mail-queue.js';
import { publishTicketEvents, recordTicketEvents } from './ticket-events.js';
import { loadTicketViews, ticketSearchDocument } from './ticket-views.js';
import { assertWorkspaceMember, nextWorkflow } from './tickets.js';
import { queueAgentNotification } from '../notifications/queue.js';

export interface BulkChanges {
  status?: TicketStatus;
  assigneeId?: string | null;
  priority?: TicketPriority;
  addTags?: string[];
  removeTags?: string[];
}

/**
 * One change applied to many tickets (at most BULK_MAX_IDS) in one transaction: all or nothing. Any
 * id that is missing or another workspace's answers 404 and changes nothing. Each ticket that really
 * changes gets one `bulk_updated` timeline entry describing all of its changes, a new version, and
 * a ticket.updated event after the commit; a ticket already in the asked state is left untouched.
 */
export async function bulkUpdateTickets(ctx: CommandContext, actor: Actor, rawIds: string[], changes: BulkChanges) {
  const ids = [...new Set(rawIds)].sort();
  const addTags = normalizeTagNames(changes.addTags ?? []);
  const removeKeys = new Set((changes.removeTags ?? []).map((name) => normalizeTagName(name, 'removeTags').key));
  const { updatedRows: changed, events } = await ctx.db.transaction().execute(async (trx) => {
    // Locked in id order (PostgreSQL), the order touchTickets uses too: no deadlock with tag operations.
    let query = trx.selectFrom('tickets').selectAll().where('owner_id', '=', actor.ownerId).where('id', 'in', ids).orderBy('id');
    if (ctx.engine === 'postgres') query = query.forUpdate();
    const rows = await query.execute();
    if (rows.length !== ids.length) throw notFound('Ticket');
    if (changes.assigneeId) await assertWorkspaceMember(ctx, trx, actor.ownerId, changes.assigneeId);
    const tagsBefore = addTags.length || removeKeys.size ? await loadTagNames(trx, actor.ownerId, ids) : new Map<string, string[]>();
    const entries: TicketActivityEntry[] = [];
    const updatedRows: { before: Ticket; after: Ticket }[] = [];
    const now = Date.now();
    for (const current of rows) {
      const { status, closedAt, assigneeId } = nextWorkflow(current, actor, changes);
      const priority = changes.priority === undefined ? current.priority : priorityRank(changes.priority);
      const currentTags = tagsBefore.get(current.id) ?? [];
      const wanted = [...currentTags, ...addTags.map((tag) => tag.name)].filter((name) => !removeKeys.has(normalizeTagName(name).key));
      const wantedTags = normalizeTagNames(wanted);
      const tagsChange = wantedTags.length !== currentTags.length || wantedTags.some((tag) => !currentTags.some((name) => normalizeTagName(name).key === tag.key));
      if (status === current.status && assigneeId === current.assignee_id && priority === current.priority && !tagsChange) continue;
      const after = await trx.updateTable('tickets')
        .set({ status, closed_at: closedAt, assignee_id: assigneeId, priority, version: current.version + 1, updated_at: now })
        .where('id', '=', current.id).where('owner_id', '=', actor.ownerId)
        .returningAll().executeTakeFirstOrThrow();
      if (assigneeId !== null && assigneeId !== current.assignee_id && assigneeId !== actor.userId) {
        await queueAgentNotification(trx, { ownerId: actor.ownerId, kind: 'ticket_assigned', subjectId: current.id, userId: assigneeId });
      }
      const tags = tagsChange ? await setTicketTags(trx, actor.ownerId, current.id, wantedTags) : { added: [], removed: [] };
      if (tagsChange) await indexTicket(trx, ctx.engine, { seq: after.seq, ownerId: actor.ownerId }, await ticketSearchDocument(trx, after));
      entries.push({ ownerId: actor.ownerId, ticketId: current.id, actorId: actor.userId, kind: 'bulk_updated', data: describe(current, after, tags) });
      updatedRows.push({ before: current, after });
      await queueTicketStatusMail(trx, current, after);
    }
    await recordTicketActivities(trx, entries);
    // Newest first, the order the answer lists them in.
    const events = await recordTicketEvents(trx, actor.ownerId, updatedRows.map((c) => c.after).sort((a, b) => b.number - a.number), 'ticket.updated');
    return { updatedRows, events };
  }).catch((error: unknown) => {
    if (isForeignKeyViolation(error)) throw new AppError(409, 'tag_conflict', 'A tag was deleted meanwhile; try again.');
    throw error;
  });

  const all = await ctx.db.selectFrom('tickets').selectAll().where('owner_id', '=', actor.ownerId).where('id', 'in', ids).orderBy('number', 'desc').execute();
  const tickets = (await loadTicketViews(ctx.db, actor.ownerId, all)).map(presentTicket);
  // The frames carry the tickets as committed (presented inside the transaction, with the webhook deliveries).
  publishTicketEvents(ctx, events);
  for (const { before, after } of changed) await publishVisitorStatus(ctx, before, after);
  return tickets;
}

/** The one timeline entry of a bulk change: only what changed for this ticket. */
function describe(before: Ticket, after: Ticket, tags: { added: string[]; removed: string[] }): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  if (before.status !== after.status) data.status = { from: before.status, to: after.status };
  if (before.assignee_id !== after.assignee_id) data.assigneeId = { from: before.assignee_id, to: after.assignee_id };
  if (before.priority !== after.priority) data.priority = { from: priorityName(before.priority), to: priorityName(after.priority) };
  if (tags.added.length || tags.removed.length) data.tags = tags;
  return data;
}
