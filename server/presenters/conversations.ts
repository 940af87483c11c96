import type { ChatAttachment } from '../db/schema.js';
import type { MessageView, PresentableConversation } from '../commands/conversation-views.js';
import { iso } from './accounts.js';
import { presentFile } from './attachments.js';

// ---- Owner-facing ----

/** `unreadCount` only when the view carries it (lists and detail; never live events, which go to every teammate). */
export function presentConversation(c: PresentableConversation) {
  // The last message is the latest activity: one date string serves both (formatting dates is a visible share of the list's CPU).
  const updatedAt = iso(c.updated_at);
  return {
    id: c.id,
    visitor: {
      name: c.visitor_name,
      email: c.visitor_email,
      browser: c.visitor_browser,
      os: c.visitor_os,
      locale: c.visitor_locale,
      ...(c.previous_conversations === undefined ? {} : { previousConversations: c.previous_conversations }),
    },
    pageUrl: c.page_url,
    country: c.country,
    lastMessage: c.last_message_author && c.last_message_body !== null
      ? { author: c.last_message_author, body: c.last_message_body, createdAt: updatedAt }
      : null,
    createdAt: iso(c.created_at),
    updatedAt,
    status: c.status,
    assignee: c.assignee_id && c.assignee_name !== null ? { id: c.assignee_id, name: c.assignee_name } : null,
    ...(c.unread_count === undefined ? {} : { unreadCount: c.unread_count }),
  };
}

export function presentMessage(m: MessageView) {
  return {
    id: m.id,
    conversationId: m.conversation_id,
    author: m.author,
    authorUser: m.author_user_id && m.author_name !== null ? { id: m.author_user_id, name: m.author_name } : null,
    body: m.body,
    attachments: m.attachments.map(presentChatAttachment),
    createdAt: iso(m.created_at),
  };
}

export function presentChatAttachment(a: ChatAttachment) {
  return presentFile(a, `/api/conversations/${encodeURIComponent(a.conversation_id)}/attachments/${encodeURIComponent(a.id)}`);
}

// ---- Visitor-facing: only what the visitor may see (no owner ids, no user ids, no internal data) ----

/** A teammate is named by display name only (never an id or email); visitor messages carry no name. */
export function presentVisitorMessage(m: MessageView) {
  return {
    id: m.id,
    conversationId: m.conversation_id,
    author: m.author,
    authorName: m.author === 'owner' ? m.author_name : null,
    body: m.body,
    attachments: m.attachments.map(presentVisitorChatAttachment),
    createdAt: iso(m.created_at),
  };
}

/** The widget appends `?token=<visitorToken>` itself: the token never appears in a JSON answer. */
export function presentVisitorChatAttachment(a: ChatAttachment) {
  return presentFile(a, `/api/widget/conversations/${encodeURIComponent(a.conversation_id)}/attachments/${encodeURIComponent(a.id)}`);
}
