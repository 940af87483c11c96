import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Conversation } from '../db/schema.js';
import type { VisitorContext } from '../lib/visitor-context.js';
import { notFound, unprocessable } from '../errors.js';
import { runShape } from '../db/query-shapes.js';
import { decodeCursor, encodeCursor } from '../lib/cursor.js';
import { toHttpUrl } from '../lib/http-url.js';
import { hashSecret, newId, newSecret } from '../lib/ids.js';
import { listTicketsOfSource } from './list-tickets.js';
import type { Actor } from './accounts.js';
import { removeObjects } from './attachment-objects.js';
import type { CommandContext } from './context.js';
import { countPreviousConversations, listMessageViews, selectConversationViews, unreadCount, type ConversationView, type MessageView, type PresentableConversation } from './conversation-views.js';
import { assertMessageBody, previewOf } from './messages.js';
import { queueAgentNotification } from '../notifications/queue.js';
import { afterCommit, recordEvent } from './events.js';
import { ownerChatData, publishConversationCreated, publishConversationDeleted } from '../realtime/chat-events.js';

export interface StartConversationInput {
  siteKey: string;
  visitor?: { name?: string; email?: string };
  pageUrl?: string;
  /** Derived from the request on the server (countryOf), never from the body. */
  country: string | null;
  /** Parsed on the server from the request's User-Agent and Accept-Language. */
  context: VisitorContext;
  body: string;
}

export interface StartedConversation {
  conversation: ConversationView;
  message: MessageView;
  /** Shown once to the visitor; only its hash is stored. */
  visitorToken: string;
}

/** A visitor opens a conversation with its first message on the site identified by `siteKey` (unknown → 404); the workspace hears `conversation.created`. */
export async function startConversation(ctx: CommandContext, input: StartConversationInput): Promise<StartedConversation> {
  const { db } = ctx;
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
  const conversation: ConversationView = {
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
    status: 'open',
    assignee_id: null,
    assignee_name: null,
    visitor_browser: input.context.browser,
    visitor_os: input.context.os,
    visitor_locale: input.context.locale,
    visitor_message_count: 1,
    visitor_seen_at: null,
    visitor_mail_off_at: null,
  };
  const message: MessageView = {
    id: newId(),
    owner_id: owner.id,
    conversation_id: conversation.id,
    author: 'visitor',
    author_user_id: null,
    body: input.body,
    created_at: now,
    author_name: null,
    attachments: [],
  };
  const deliveries = await db.transaction().execute(async (trx) => {
    const { assignee_name: _name, ...row } = conversation;
    await trx.insertInto('conversations').values(row).execute();
    const { author_name: _author, attachments: _files, ...messageRow } = message;
    await trx.insertInto('messages').values(messageRow).execute();
    await queueAgentNotification(trx, { ownerId: owner.id, kind: 'new_conversation', subjectId: conversation.id });
    return recordEvent(trx, owner.id, 'conversation.created', ownerChatData(conversation, message));
  });
  publishConversationCreated(ctx.events, conversation, message);
  afterCommit(ctx, deliveries);
  return { conversation, message, visitorToken };
}

export interface ConversationFilters {
  limit?: number;
  cursor?: string;
  /** Default `open`. */
  status?: 'open' | 'resolved' | 'all';
  /** `me`, `none` or a user id. */
  assignee?: string;
  /** Exact, case-insensitive. */
  visitorEmail?: string;
}

/**
 * The inbox for one user, most recent activity first: a keyset scan on (updated_at, id) of the index
 * that matches the filters (owner+status, owner+assignee+status, owner+email), each row joined with
 * its assignee's name and this user's read state.
 */
/** The values of one conversation-list query; absent keys are filters this request does not use. */
type ListValues = {
  ownerId: string; userId: string; take: number;
  status?: 'open' | 'resolved'; assignee?: string; email?: string; afterAt?: number; afterId?: string;
};

export async function listConversations(db: Db, actor: Actor, filters: ConversationFilters) {
  const limit = filters.limit ?? 50;
  const after = decodeCursor(filters.cursor, { at: 'number', id: 'string' });
  const status = filters.status ?? 'open';
  const assignee = filters.assignee === undefined ? undefined : filters.assignee === 'me' ? actor.userId : filters.assignee;
  const email = filters.visitorEmail?.trim().toLowerCase();
  // The list is the inbox's hottest query: built once per combination of filters (see runShape).
  const values: ListValues = {
    ownerId: actor.ownerId, userId: actor.userId, take: limit + 1,
    ...(status === 'all' ? {} : { status }),
    ...(assignee === undefined || assignee === 'none' ? {} : { assignee }),
    ...(email === undefined ? {} : { email }),
    ...(after ? { afterAt: after.at, afterId: after.id } : {}),
  };
  const shape = `conversations:${status === 'all' ? 'all' : 's'}:${assignee === undefined ? '' : assignee === 'none' ? 'none' : 'a'}:${email === undefined ? '' : 'e'}:${after ? 'c' : ''}`;
  const rows = await runShape(db, shape, values, (v) => {
    let query = selectConversationViews(db, v.ownerId, v.userId);
    if ('status' in v) query = query.where('c.status', '=', v.status!);
    if (assignee === 'none') query = query.where('c.assignee_id', 'is', null);
    else if ('assignee' in v) query = query.where('c.assignee_id', '=', v.assignee!);
    if ('email' in v) query = query.where(sql`lower(c.visitor_email)`, '=', v.email!);
    if ('afterAt' in v) query = query.where((eb) => eb(eb.refTuple('c.updated_at', 'c.id'), '<', eb.tuple(v.afterAt!, v.afterId!)));
    return query.orderBy('c.updated_at', 'desc').orderBy('c.id', 'desc').limit(v.take);
  });
  const items: PresentableConversation[] = [];
  for (let i = 0; i < rows.length && i < limit; i++) {
    const row = rows[i]! as PresentableConversation & { read_count: number | null };
    row.unread_count = unreadCount(row.visitor_message_count, row.read_count);
    items.push(row);
  }
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

/** One conversation as the user sees it (assignee, their unread count), or 404. */
export async function findConversationView(db: Db, actor: Actor, conversationId: string): Promise<PresentableConversation> {
  const row = await selectConversationViews(db, actor.ownerId, actor.userId).where('c.id', '=', conversationId).executeTakeFirst();
  if (!row) throw notFound('Conversation');
  const { read_count, ...conversation } = row;
  return { ...conversation, assignee_name: conversation.assignee_name ?? null, unread_count: unreadCount(conversation.visitor_message_count, read_count) };
}

export async function openConversation(db: Db, actor: Actor, conversationId: string) {
  const conversation = await findConversationView(db, actor, conversationId);
  const [messages, tickets, previous] = await Promise.all([
    listMessageViews(db, conversation.id),
    listTicketsOfSource(db, actor.ownerId, { conversationId: conversation.id }),
    countPreviousConversations(db, actor.ownerId, conversation),
  ]);
  return { conversation: { ...conversation, previous_conversations: previous }, messages, tickets };
}

/**
 * Deletes a conversation, its messages and its files' rows in one transaction, then the files. Tickets made from it stay: they keep the
 * conversation id and report their source as no longer available.
 */
export async function deleteConversation(ctx: CommandContext, ownerId: string, conversationId: string): Promise<void> {
  const objectKeys = await ctx.db.transaction().execute(async (trx) => {
    // Rows first, objects after the commit (a leftover object is found by `reconcile`).
    const files = await trx.selectFrom('chat_attachments').select(['object_key', 'thumbnail_key'])
      .where('owner_id', '=', ownerId).where('conversation_id', '=', conversationId).execute();
    const deleted = await trx
      .deleteFrom('conversations')
      .where('id', '=', conversationId)
      .where('owner_id', '=', ownerId)
      .executeTakeFirst();
    if (deleted.numDeletedRows === 0n) throw notFound('Conversation');
    // The foreign key cascades too; deleting explicitly keeps this correct without relying on it.
    await trx.deleteFrom('chat_attachments').where('conversation_id', '=', conversationId).where('owner_id', '=', ownerId).execute();
    await trx.deleteFrom('messages').where('conversation_id', '=', conversationId).where('owner_id', '=', ownerId).execute();
    return files.flatMap((f) => [f.object_key, f.thumbnail_key]);
  });
  await removeObjects(ctx, objectKeys);
  publishConversationDeleted(ctx.events, ownerId, conversationId);
}
