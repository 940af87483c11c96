import type { Db } from '../db/database.js';
import type { ChatAttachment, Conversation, Message } from '../db/schema.js';
import { notFound, unprocessable } from '../errors.js';
import { hashSecret, newId } from '../lib/ids.js';
import type { Actor } from './accounts.js';
import { listMessageViews, type ConversationView, type MessageView } from './conversation-views.js';
import { queueReplyMail } from './visitor-mail-queue.js';
import { MESSAGE_MAX_LENGTH } from '../../shared/schemas/chat.js';
import { queueAgentNotification } from '../notifications/queue.js';
import { ownerChatData, publishConversationUpdated, publishMessageCreated } from '../realtime/chat-events.js';
import type { CommandContext } from './context.js';
import { afterCommit } from './events.js';
import { insertDeliveries, subscribedWebhooksColumn, webhookIdsOf } from '../webhooks/record.js';
import { insertVisitorMessageFast } from '../db/visitor-message-query.js';

/** conversations.last_message_body keeps only this many characters: the inbox needs a preview, not 10,000 chars per row. */
export const PREVIEW_LENGTH = 300;

export interface PostedMessage {
  conversation: ConversationView;
  message: MessageView;
  /** A visitor message reopened a resolved conversation. */
  reopened: boolean;
  /** Webhook deliveries written with the message. */
  deliveries: number;
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

/** What a message carries besides its text; `files` are written inside the message's transaction. */
export interface MessageContent {
  body: string;
  /** What the inbox shows as the last message when the body is empty (a file's name). */
  preview?: string;
  files?: (messageId: string, trx: Db, conversation: Conversation) => Promise<ChatAttachment[]>;
}

/**
 * Appends a message and bumps the conversation's last activity in one transaction. The UPDATE comes
 * first: it checks access (owner or visitor token), locks the row on PostgreSQL (so a concurrent
 * delete either wins → 404, or waits), and yields a strictly increasing timestamp per conversation,
 * so messages order by (created_at, id) exactly as they were written even within one millisecond.
 * A visitor message counts towards unread and reopens a resolved conversation (the rare case pays the
 * extra statements: a visitor message to an open conversation is BEGIN, UPDATE, INSERT, COMMIT). `now`
 * is bound as a parameter: a literal would make every statement's SQL unique (and churn the statement cache).
 */
export async function appendMessage(ctx: Pick<CommandContext, 'db' | 'engine'>, conversationId: string, scope: Scope, author: Message['author'], authorUserId: string | null, content: MessageContent): Promise<PostedMessage> {
  const { db, engine } = ctx;
  if (!content.files) assertMessageBody(content.body);
  const { body } = content;
  if (engine === 'postgres' && author === 'visitor' && 'visitorTokenHash' in scope && !content.files) {
    // One statement when nothing but the message and its notification is written (see the query's notes).
    const fast = await insertVisitorMessageFast(db, {
      conversationId, visitorTokenHash: scope.visitorTokenHash, messageId: newId(), notificationId: newId(), body, preview: previewOf(content.preview ?? body), now: Date.now(),
    });
    if (fast) return { conversation: fast.conversation, message: { ...fast.message, author_name: null, attachments: [] }, reopened: false, deliveries: 0 };
  }
  const posted = await db.transaction().execute(async (trx) => {
    const now = Date.now();
    const byVisitor = author === 'visitor';
    const bump = (openOnly: boolean) => {
      let update = trx
        .updateTable('conversations')
        .set((eb) => ({
          updated_at: eb.case().when('updated_at', '>=', eb.val(now)).then(eb('updated_at', '+', eb.val(1))).else(eb.val(now)).end(),
          last_message_body: previewOf(content.preview ?? body),
          last_message_author: author,
          ...(byVisitor ? { visitor_message_count: eb('visitor_message_count', '+', eb.val(1)) } : {}),
        }))
        .where('id', '=', conversationId);
      update = 'ownerId' in scope ? update.where('owner_id', '=', scope.ownerId) : update.where('visitor_token_hash', '=', scope.visitorTokenHash);
      if (openOnly) update = update.where('status', '=', 'open');
      // The UPDATE also returns the webhooks subscribed to message.created (no separate lookup).
      return update.returningAll()
        .returning(subscribedWebhooksColumn(engine, 'message.created', 'conversations.owner_id').as('webhook_ids')).executeTakeFirst();
    };
    const visitorScope = byVisitor && 'visitorTokenHash' in scope ? scope : null;
    let reopened = false;
    // A visitor writes to an open conversation almost always: one statement. Only when that finds no row
    // (resolved, or no access) the resolved conversation is reopened first and bumped then.
    let returned = await bump(visitorScope !== null);
    if (!returned && visitorScope) {
      const reopen = await trx.updateTable('conversations').set({ status: 'open' })
        .where('id', '=', conversationId).where('visitor_token_hash', '=', visitorScope.visitorTokenHash).where('status', '=', 'resolved')
        .executeTakeFirst();
      reopened = reopen.numUpdatedRows > 0n;
      if (reopened) returned = await bump(false);
    }
    if (!returned) throw notFound('Conversation');
    const { webhook_ids: hooks, ...conversation } = returned;
    const webhookIds = webhookIdsOf({ webhook_ids: hooks });
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
    const attachments = content.files ? await content.files(message.id, trx, conversation) : [];
    if (byVisitor && conversation.assignee_id) await queueAgentNotification(trx, { ownerId: conversation.owner_id, kind: 'visitor_reply_assigned', subjectId: conversation.id, userId: conversation.assignee_id });
    // A teammate's reply may have to reach the visitor by mail (queued with the message, atomically).
    if (!byVisitor) await queueReplyMail(trx, conversation, message.id, message.created_at);
    const ids = [...new Set([conversation.assignee_id, authorUserId].filter((id): id is string => id !== null))];
    const users = ids.length ? await trx.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute() : [];
    const nameOf = (id: string | null) => (id === null ? null : users.find((u) => u.id === id)?.name ?? null);
    const view = {
      conversation: { ...conversation, assignee_name: nameOf(conversation.assignee_id) },
      message: { ...message, author_name: nameOf(authorUserId), attachments },
    };
    const deliveries = await insertDeliveries(trx, conversation.owner_id, 'message.created', webhookIds, [ownerChatData(view.conversation, view.message)]);
    return { ...view, reopened, deliveries };
  });
  return posted;
}

/** After the commit: the workspace and the visitor hear the message (and the reopening); the webhook sender wakes. */
export function publishPostedMessage(ctx: CommandContext, posted: PostedMessage): void {
  publishMessageCreated(ctx.events, posted.conversation, posted.message);
  if (posted.reopened) publishConversationUpdated(ctx.events, posted.conversation, null);
  afterCommit(ctx, posted.deliveries);
}

export async function postOwnerMessage(ctx: CommandContext, actor: Actor, conversationId: string, body: string): Promise<PostedMessage> {
  const posted = await appendMessage(ctx, conversationId, { ownerId: actor.ownerId }, 'owner', actor.userId, { body });
  publishPostedMessage(ctx, posted);
  return posted;
}

/** A wrong or missing token answers exactly like an unknown conversation (404). */
export async function postVisitorMessage(ctx: CommandContext, conversationId: string, visitorToken: string | undefined, body: string): Promise<PostedMessage> {
  if (!visitorToken) throw notFound('Conversation');
  const posted = await appendMessage(ctx, conversationId, { visitorTokenHash: hashSecret(visitorToken) }, 'visitor', null, { body });
  publishPostedMessage(ctx, posted);
  return posted;
}

/** A visitor message from the hosted page /c/{id}, whose page cookie already proved the conversation. */
export async function postPageVisitorMessage(ctx: CommandContext, conversation: Pick<Conversation, 'id' | 'visitor_token_hash'>, body: string): Promise<PostedMessage> {
  const posted = await appendMessage(ctx, conversation.id, { visitorTokenHash: conversation.visitor_token_hash }, 'visitor', null, { body });
  publishPostedMessage(ctx, posted);
  return posted;
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

export async function listVisitorMessages(db: Db, conversationId: string, visitorToken: string | undefined): Promise<MessageView[]> {
  const conversation = await findVisitorConversation(db, conversationId, visitorToken);
  return listMessageViews(db, conversation.id);
}
