import type { Db } from '../db/database.js';
import type { Ticket } from '../db/schema.js';
import { presentVisitorTicket } from '../presenters/ticket-visitor.js';
import type { CommandContext } from './context.js';
import { findVisitorConversation } from './messages.js';

/** The tickets of a conversation its visitor may see (visibleToVisitor), oldest first. 404 for a wrong token. */
export async function listVisitorTickets(db: Db, conversationId: string, visitorToken: string | undefined) {
  const conversation = await findVisitorConversation(db, conversationId, visitorToken);
  const rows = await db.selectFrom('tickets').select(['number', 'title', 'status', 'updated_at'])
    .where('owner_id', '=', conversation.owner_id)
    .where('conversation_id', '=', conversation.id)
    .where('visible_to_visitor', '=', 1)
    .orderBy('number')
    .execute();
  return rows.map(presentVisitorTicket);
}

/**
 * After commit: tells the visitor of the source conversation that a visible ticket's status changed
 * (or that it just became visible), with the visitor presenter only.
 */
export async function publishVisitorStatus(ctx: CommandContext, before: Ticket, after: Ticket): Promise<void> {
  if (!after.conversation_id || after.visible_to_visitor !== 1) return;
  if (before.status === after.status && before.visible_to_visitor === 1) return;
  ctx.events.toConversation(after.conversation_id, { type: 'ticket.status', data: { ticket: presentVisitorTicket(after) } });
}
