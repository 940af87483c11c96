import { sql } from 'kysely';
import type { Db } from './database.js';
import type { ChatAttachment, Message } from './schema.js';
import { engineOf } from './ticket-view-query.js';

/** What making a ticket from a conversation needs, read in one statement. */
export interface ConversationForTicket {
  id: string;
  visitor_name: string | null;
  visitor_email: string | null;
  /** The conversation's newest ticket (the duplicate check), or null. */
  newest_ticket_id: string | null;
  /** Oldest first, with the teammate's name for owner messages. */
  messages: (Pick<Message, 'id' | 'author' | 'body' | 'created_at'> & { user_name: string | null })[];
  /** The conversation's chat files, oldest first (copied to the ticket). */
  files: Omit<ChatAttachment, 'owner_id' | 'conversation_id' | 'message_id'>[];
}

interface RawRow {
  id: string;
  visitor_name: string | null;
  visitor_email: string | null;
  newest_ticket_id: string | null;
  messages_json: string | ConversationForTicket['messages'] | null;
  files_json: string | ConversationForTicket['files'] | null;
}

/**
 * The owner's conversation (locked with `forUpdate` on PostgreSQL: two "+ Ticket" clicks at once
 * cannot both miss each other's ticket), its newest ticket, its messages and its chat files in ONE
 * statement (one round trip on PostgreSQL instead of four): correlated subqueries aggregated to JSON.
 */
export async function selectConversationForTicket(db: Db, ownerId: string, conversationId: string, options: { forUpdate?: boolean } = {}): Promise<ConversationForTicket | undefined> {
  const postgres = engineOf(db) === 'postgres';
  const query = postgres
    ? sql<RawRow>`select c.id, c.visitor_name, c.visitor_email,
        (select t.id from tickets t where t.owner_id = c.owner_id and t.conversation_id = c.id order by t.number desc limit 1) as newest_ticket_id,
        (select json_agg(json_build_object('id', m.id, 'author', m.author, 'body', m.body, 'created_at', m.created_at, 'user_name', u.name) order by m.created_at, m.id)
          from messages m left join users u on u.id = m.author_user_id where m.owner_id = c.owner_id and m.conversation_id = c.id) as messages_json,
        (select json_agg(json_build_object('id', f.id, 'object_key', f.object_key, 'thumbnail_key', f.thumbnail_key, 'filename', f.filename,
            'content_type', f.content_type, 'size', f.size, 'created_at', f.created_at) order by f.created_at, f.id)
          from chat_attachments f where f.owner_id = c.owner_id and f.conversation_id = c.id) as files_json
      from conversations c where c.owner_id = ${ownerId} and c.id = ${conversationId}${options.forUpdate ? sql` for update of c` : sql``}`
    : sql<RawRow>`select c.id, c.visitor_name, c.visitor_email,
        (select t.id from tickets t where t.owner_id = c.owner_id and t.conversation_id = c.id order by t.number desc limit 1) as newest_ticket_id,
        (select json_group_array(json_object('id', m.id, 'author', m.author, 'body', m.body, 'created_at', m.created_at, 'user_name', u.name))
          from messages m left join users u on u.id = m.author_user_id where +m.owner_id = c.owner_id and m.conversation_id = c.id) as messages_json,
        (select json_group_array(json_object('id', f.id, 'object_key', f.object_key, 'thumbnail_key', f.thumbnail_key, 'filename', f.filename,
            'content_type', f.content_type, 'size', f.size, 'created_at', f.created_at))
          from chat_attachments f where +f.owner_id = c.owner_id and f.conversation_id = c.id) as files_json
      from conversations c where c.owner_id = ${ownerId} and c.id = ${conversationId}`;
  const row = (await query.execute(db)).rows[0];
  if (!row) return undefined;
  const byTime = (a: { created_at: number; id: string }, b: { created_at: number; id: string }) => a.created_at - b.created_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return {
    id: row.id,
    visitor_name: row.visitor_name,
    visitor_email: row.visitor_email,
    newest_ticket_id: row.newest_ticket_id,
    // SQLite's json_group_array promises no order: sorted here like PostgreSQL's.
    messages: parseList(row.messages_json).sort(byTime),
    files: parseList(row.files_json).sort(byTime),
  };
}

function parseList<T>(value: string | T[] | null): T[] {
  if (value === null) return [];
  return typeof value === 'string' ? (JSON.parse(value) as T[]) : value;
}
