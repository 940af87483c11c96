import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { ChatAttachment, Conversation, Message } from '../db/schema.js';

/** A conversation with what its presenters need beyond the row. */
export type ConversationView = Conversation & {
  /** The assignee's display name (null when unassigned). */
  assignee_name: string | null;
  /** For the requesting user; absent in live events (each dashboard keeps its own). */
  unread_count?: number;
  /** GET /{id} only. */
  previous_conversations?: number;
};

/** A message with its author's display name (owner messages) and its files. */
export type MessageView = Message & { author_name: string | null; attachments: ChatAttachment[] };

/** Visitor messages the user has not read: the counter minus the value stored when they last read it. */
export function unreadCount(visitorMessageCount: number, readCount: number | null): number {
  return Math.max(0, Number(visitorMessageCount) - Number(readCount ?? 0));
}

/**
 * Conversations joined with their assignee's name and (for `userId`) the read state, as one
 * select: the inbox list and the detail build on it and add their filters.
 */
export function selectConversationViews(db: Db, ownerId: string, userId: string) {
  return db
    .selectFrom('conversations as c')
    .leftJoin('users as a', 'a.id', 'c.assignee_id')
    .leftJoin('conversation_reads as r', (join) => join.onRef('r.conversation_id', '=', 'c.id').on('r.user_id', '=', userId))
    .selectAll('c')
    .select(['a.name as assignee_name', 'r.read_count'])
    .where('c.owner_id', '=', ownerId);
}

/** Adds the assignee name to bare conversation rows (one query for all of them, none when nobody is assigned). */
export async function withAssigneeNames(db: Db, conversations: Conversation[]): Promise<ConversationView[]> {
  const ids = [...new Set(conversations.flatMap((c) => (c.assignee_id ? [c.assignee_id] : [])))];
  const users = ids.length ? await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute() : [];
  const names = new Map(users.map((u) => [u.id, u.name]));
  return conversations.map((c) => ({ ...c, assignee_name: c.assignee_id ? names.get(c.assignee_id) ?? null : null }));
}

/** Every message of a conversation, oldest first (messages_conversation_time_idx), with authors and files. */
export async function listMessageViews(db: Db, conversationId: string): Promise<MessageView[]> {
  const [messages, attachments] = await Promise.all([
    db
      .selectFrom('messages as m')
      .leftJoin('users as u', 'u.id', 'm.author_user_id')
      .selectAll('m')
      .select('u.name as author_name')
      .where('m.conversation_id', '=', conversationId)
      .orderBy('m.created_at', 'asc')
      .orderBy('m.id', 'asc')
      .execute(),
    db.selectFrom('chat_attachments').selectAll().where('conversation_id', '=', conversationId).orderBy('created_at').orderBy('id').execute(),
  ]);
  const byMessage = new Map<string, ChatAttachment[]>();
  for (const attachment of attachments) {
    const list = byMessage.get(attachment.message_id);
    if (list) list.push(attachment);
    else byMessage.set(attachment.message_id, [attachment]);
  }
  return messages.map((m) => ({ ...m, author_name: m.author_name ?? null, attachments: byMessage.get(m.id) ?? [] }));
}

/** This site's other conversations with the same visitor email (index conversations_owner_email_idx). */
export async function countPreviousConversations(db: Db, conversation: Conversation): Promise<number> {
  if (!conversation.visitor_email) return 0;
  const row = await db
    .selectFrom('conversations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('owner_id', '=', conversation.owner_id)
    .where(sql`lower(visitor_email)`, '=', conversation.visitor_email.toLowerCase())
    .where('id', '!=', conversation.id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
