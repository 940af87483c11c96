import type { Db } from '../db/database.js';
import type { Conversation, Message } from '../db/schema.js';
import { notFound, unprocessable } from '../errors.js';
import { decodeCursor, encodeCursor } from '../lib/cursor.js';
import { toHttpUrl } from '../lib/http-url.js';
import { hashSecret, newId, newSecret } from '../lib/ids.js';
import { listTicketsOfSource } from './list-tickets.js';
import { assertMessageBody, listMessages, previewOf } from './messages.js';

export interface StartConversationInput {
  siteKey: string;
  visitor?: { name?: string; email?: string };
  pageUrl?: string;
  /** Derived from the request on the server (countryOf), never from the body. */
  country: string | null;
  body: string;
}

export interface StartedConversation {
  conversation: Conversation;
  message: Message;
  /** Shown once to the visitor; only its hash is stored. */
  visitorToken: string;
}

/** A visitor opens a conversation with its first message on the site identified by `siteKey` (unknown → 404). */
export async function startConversation(db: Db, input: StartConversationInput): Promise<StartedConversation> {
  assertMessageBody(input.body);
  const name = input.visitor?.name?.trim() || null;
  if (name?.includes('\u0000')) throw unprocessable('The visitor name contains a NUL character.', 'visitor.name');
  // The schema checks the shape; this also normalizes it (and refuses what the URL parser cannot read).
  const pageUrl = input.pageUrl === undefined ? null : toHttpUrl(input.pageUrl, 2000);
  if (input.pageUrl !== undefined && pageUrl === null) throw unprocessable('pageUrl must be an http(s) URL of at most 2000 characters.', 'pageUrl');
  const owner = await db.selectFrom('users').select('id').where('site_key', '=', input.siteKey).executeTakeFirst();
  if (!owner) throw notFound('Site');

  const visitorToken = newSecret('vt', 24);
  const now = Date.now();
  const conversation: Conversation = {
    id: newId(),
    owner_id: owner.id,
    visitor_token_hash: hashSecret(visitorToken),
    visitor_name: name,
    visitor_email: input.visitor?.email?.trim() || null,
    page_url: pageUrl,
    country: input.country,
    last_message_body: previewOf(input.body),
    last_message_author: 'visitor',
    created_at: now,
    updated_at: now,
  };
  const message: Message = {
    id: newId(),
    owner_id: owner.id,
    conversation_id: conversation.id,
    author: 'visitor',
    author_user_id: null,
    body: input.body,
    created_at: now,
  };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('conversations').values(conversation).execute();
    await trx.insertInto('messages').values(message).execute();
  });
  return { conversation, message, visitorToken };
}

/** The owner's inbox, most recent activity first; keyset on (updated_at, id) via conversations_owner_activity_idx. */
export async function listConversations(db: Db, ownerId: string, page: { limit?: number; cursor?: string }) {
  const limit = page.limit ?? 50;
  const after = decodeCursor(page.cursor, { at: 'number', id: 'string' });
  let query = db.selectFrom('conversations').selectAll().where('owner_id', '=', ownerId);
  if (after) query = query.where((eb) => eb(eb.refTuple('updated_at', 'id'), '<', eb.tuple(after.at, after.id)));
  const rows = await query.orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor = rows.length > limit && last ? encodeCursor({ at: last.updated_at, id: last.id }) : null;
  return { items, nextCursor };
}

/** One of the owner's conversations; another owner's id answers exactly like a missing one. */
export async function findConversation(db: Db, ownerId: string, conversationId: string): Promise<Conversation> {
  const conversation = await db
    .selectFrom('conversations')
    .selectAll()
    .where('id', '=', conversationId)
    .where('owner_id', '=', ownerId)
    .executeTakeFirst();
  if (!conversation) throw notFound('Conversation');
  return conversation;
}

export async function openConversation(db: Db, ownerId: string, conversationId: string) {
  const conversation = await findConversation(db, ownerId, conversationId);
  const [messages, tickets] = await Promise.all([
    listMessages(db, conversation.id),
    listTicketsOfSource(db, ownerId, { conversationId: conversation.id }),
  ]);
  return { conversation, messages, tickets };
}

/**
 * Deletes a conversation and its messages in one transaction. Tickets made from it stay: they keep the
 * conversation id and report their source as no longer available.
 */
export async function deleteConversation(db: Db, ownerId: string, conversationId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const deleted = await trx
      .deleteFrom('conversations')
      .where('id', '=', conversationId)
      .where('owner_id', '=', ownerId)
      .executeTakeFirst();
    if (deleted.numDeletedRows === 0n) throw notFound('Conversation');
    // The foreign key cascades too; deleting explicitly keeps this correct without relying on it.
    await trx.deleteFrom('messages').where('conversation_id', '=', conversationId).where('owner_id', '=', ownerId).execute();
  });
}
