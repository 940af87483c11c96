import type { Db } from '../db/database.js';
import type { Conversation, Ticket } from '../db/schema.js';
import { newId } from '../lib/ids.js';

/**
 * The durable visitor-mail queue (docs/API-VISITOR-MAIL.md). Rows are written inside the transaction of
 * the change they are about, so a reply is queued exactly when it is stored (a crash cannot keep one
 * and lose the other). Whether a row becomes a mail is decided later by the sender.
 */

/** A teammate's reply in a conversation whose visitor left an email (and did not unsubscribe). */
export async function queueReplyMail(trx: Db, conversation: Conversation, messageId: string, now: number): Promise<void> {
  if (!conversation.visitor_email || conversation.visitor_mail_off_at) return;
  await trx.insertInto('visitor_mail_queue').values({
    id: newId(),
    owner_id: conversation.owner_id,
    conversation_id: conversation.id,
    kind: 'reply',
    message_id: messageId,
    ticket_id: null,
    created_at: now,
    sent_at: null,
    outcome: null,
  }).execute();
}

/**
 * A ticket the visitor may see changed status (or just became visible): the same rule as the live
 * `ticket.status` frame (commands/ticket-visitor.ts). Only the ticket's id is queued: the mail shows the
 * ticket as it is when sent, through the visitor presenter.
 */
export async function queueTicketStatusMail(trx: Db, before: Ticket, after: Ticket): Promise<void> {
  if (!after.conversation_id || after.visible_to_visitor !== 1) return;
  if (before.status === after.status && before.visible_to_visitor === 1) return;
  const conversation = await trx.selectFrom('conversations').select(['id', 'owner_id', 'visitor_email', 'visitor_mail_off_at'])
    .where('id', '=', after.conversation_id).where('owner_id', '=', after.owner_id).executeTakeFirst();
  if (!conversation?.visitor_email || conversation.visitor_mail_off_at) return;
  await trx.insertInto('visitor_mail_queue').values({
    id: newId(),
    owner_id: after.owner_id,
    conversation_id: conversation.id,
    kind: 'ticket_status',
    message_id: null,
    ticket_id: after.id,
    created_at: after.updated_at,
    sent_at: null,
    outcome: null,
  }).execute();
}

/**
 * Records that the visitor is looking at the conversation now (a socket opened or closed, messages
 * fetched, the hosted page read): replies written before this moment were seen and are not mailed.
 */
export async function markVisitorSeen(db: Db, conversationId: string, now = Date.now()): Promise<void> {
  // Only conversations with an email can get mail: the others need no write.
  await db.updateTable('conversations').set({ visitor_seen_at: now })
    .where('id', '=', conversationId).where('visitor_email', 'is not', null).execute();
}
