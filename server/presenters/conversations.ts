import type { Conversation, Message } from '../db/schema.js';
import { iso } from './accounts.js';

// ---- Owner-facing ----

export function presentConversation(c: Conversation) {
  return {
    id: c.id,
    visitor: { name: c.visitor_name, email: c.visitor_email },
    pageUrl: c.page_url,
    country: c.country,
    lastMessage: c.last_message_author && c.last_message_body !== null
      ? { author: c.last_message_author, body: c.last_message_body, createdAt: iso(c.updated_at) }
      : null,
    createdAt: iso(c.created_at),
    updatedAt: iso(c.updated_at),
  };
}

export function presentMessage(m: Message) {
  return { id: m.id, conversationId: m.conversation_id, author: m.author, body: m.body, createdAt: iso(m.created_at) };
}

// ---- Visitor-facing: only what the visitor may see (no owner ids, no user ids, no internal data) ----

export function presentVisitorMessage(m: Message) {
  return { id: m.id, conversationId: m.conversation_id, author: m.author, body: m.body, createdAt: iso(m.created_at) };
}
