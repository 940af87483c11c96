import type { Db } from '../db/database.js';
import type { Conversation, Message } from '../db/schema.js';
import { notFound, unprocessable } from '../errors.js';
import { hashSecret, newId } from '../lib/ids.js';
import type { Actor } from './accounts.js';
import { MESSAGE_MAX_LENGTH } from '../../shared/schemas/chat.js';

/** conversations.last_message_body keeps only this many characters: the inbox needs a preview, not 10,000 chars per row. */
export const PREVIEW_LENGTH = 300;

export interface PostedMessage {
  conversation: Conversation;
  message: Message;
}

/** Rejects bodies the schema cannot express: whitespace only, or a NUL (PostgreSQL text cannot hold it). */
export function assertMessageBody(body: string): void {
  if (!/\S/u.test(body)) throw unprocessable('The message is empty.', 'body');
  if (body.includes('\u0000')) throw unprocessable('The message contains a NUL character.', 'body');
  if (countChars(body) > MESSAGE_MAX_LENGTH) throw unprocessable(`The message is longer than ${MESSAGE_MAX_LENGTH} characters.`, 'body');
}

/** Length in Unicode code points, as the schema (Ajv) counts it: an emoji is one character. */
function countChars(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

export function previewOf(body: string): string {
  const chars = Array.from(body);
  return chars.length <= PREVIEW_LENGTH ? body : `${chars.slice(0, PREVIEW_LENGTH - 1).join('')}…`;
}

type Scope = { ownerId: string } | { visitorTokenHash: string };

/**
 * Appends a message and bumps the conversation's last activity in one transaction. The UPDATE comes
 * first: it checks access (owner or visitor token), locks the row on PostgreSQL (so a concurrent
 * delete either wins → 404, or waits), and yields a strictly increasing timestamp per conversation,
 * so messages order by (created_at, id) exactly as they were written even within one millisecond.
 */
async function appendMessage(db: Db, conversationId: string, scope: Scope, author: Message['author'], authorUserId: string | null, body: string): Promise<PostedMessage> {
  assertMessageBody(body);
  return db.transaction().execute(async (trx) => {
    const now = Date.now();
    let update = trx
      .updateTable('conversations')
      .set((eb) => ({
        updated_at: eb.case().when('updated_at', '>=', now).then(eb('updated_at', '+', 1)).else(now).end(),
        last_message_body: previewOf(body),
        last_message_author: author,
      }))
      .where('id', '=', conversationId);
    update = 'ownerId' in scope ? update.where('owner_id', '=', scope.ownerId) : update.where('visitor_token_hash', '=', scope.visitorTokenHash);
    const conversation = await update.returningAll().executeTakeFirst();
    if (!conversation) throw notFound('Conversation');
    const message: Message = {
      id: newId(),
      owner_id: conversation.owner_id,
      conversation_id: conversation.id,
      author,
      author_user_id: authorUserId,
      body,
      created_at: conversation.updated_at,
    };
    await trx.insertInto('messages').values(message).execute();
    return { conversation, message };
  });
}

export function postOwnerMessage(db: Db, actor: Actor, conversationId: string, body: string): Promise<PostedMessage> {
  return appendMessage(db, conversationId, { ownerId: actor.ownerId }, 'owner', actor.userId, body);
}

/** A wrong or missing token answers exactly like an unknown conversation (404). */
export function postVisitorMessage(db: Db, conversationId: string, visitorToken: string | undefined, body: string): Promise<PostedMessage> {
  if (!visitorToken) throw notFound('Conversation');
  return appendMessage(db, conversationId, { visitorTokenHash: hashSecret(visitorToken) }, 'visitor', null, body);
}

/** The conversation this visitor token opens, or 404 (unknown id, other conversation's token, no token). */
export async function findVisitorConversation(db: Db, conversationId: string, visitorToken: string | undefined): Promise<Conversation> {
  const conversation = visitorToken
    ? await db
        .selectFrom('conversations')
        .selectAll()
        .where('id', '=', conversationId)
        .where('visitor_token_hash', '=', hashSecret(visitorToken))
        .executeTakeFirst()
    : undefined;
  if (!conversation) throw notFound('Conversation');
  return conversation;
}

/** Every message of a conversation, oldest first (index messages_conversation_time_idx). */
export function listMessages(db: Db, conversationId: string): Promise<Message[]> {
  return db
    .selectFrom('messages')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
}

export async function listVisitorMessages(db: Db, conversationId: string, visitorToken: string | undefined): Promise<Message[]> {
  const conversation = await findVisitorConversation(db, conversationId, visitorToken);
  return listMessages(db, conversation.id);
}
