import type { Db } from '../db/database.js';
import type { Conversation } from '../db/schema.js';
import type { ConversationPageView } from '../pages/conversation-page.js';
import { presentVisitorMessage } from '../presenters/conversations.js';
import { presentVisitorTicket } from '../presenters/ticket-visitor.js';
import { listMessageViews } from './conversation-views.js';

/**
 * What the hosted page shows: the conversation through the visitor presenters only (messages with the
 * teammate's display name, visible tickets' number/title/status) and the team's name.
 */
export async function loadConversationPage(db: Db, conversation: Conversation): Promise<Omit<ConversationPageView, 'problem' | 'notice'>> {
  const [messages, tickets, team] = await Promise.all([
    listMessageViews(db, conversation.id),
    db.selectFrom('tickets').select(['number', 'title', 'status', 'updated_at'])
      .where('owner_id', '=', conversation.owner_id).where('conversation_id', '=', conversation.id).where('visible_to_visitor', '=', 1)
      .orderBy('number').execute(),
    db.selectFrom('users').select('name').where('id', '=', conversation.owner_id).executeTakeFirst(),
  ]);
  return {
    conversationId: conversation.id,
    teamName: team?.name ?? '',
    messages: messages.map(presentVisitorMessage).map((message) => ({
      author: message.author,
      authorName: message.authorName,
      body: message.body,
      fileNames: message.attachments.map((file) => file.filename),
      createdAt: message.createdAt,
    })),
    tickets: tickets.map(presentVisitorTicket),
    mailOff: conversation.visitor_mail_off_at != null,
  };
}
