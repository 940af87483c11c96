import { Type } from '@sinclair/typebox';
import {
  ConversationDetail, ConversationQuery, ConversationResponse, ConversationSummary, MessageBody, MessageResponse, UpdateConversationBody,
} from '../../shared/schemas/chat.js';
import { errorResponses, IdParams, Page } from '../../shared/schemas/common.js';
import { requireActor } from '../auth/authenticate.js';
import { commandContext } from '../commands/context.js';
import { markConversationRead, updateConversation } from '../commands/conversation-inbox.js';
import { deleteConversation, listConversations, openConversation } from '../commands/conversations.js';
import { postOwnerMessage } from '../commands/messages.js';
import { presentConversation, presentMessage } from '../presenters/conversations.js';
import { presentTicketSummary } from '../presenters/tickets.js';
import type { App } from '../types.js';

/** Owner side of chat: the inbox, one conversation, status/assignee, read state, replies, deletion. */
export default async function conversationRoutes(app: App) {
  const { db } = app;
  const ctx = commandContext(app);
  app.addHook('onRequest', requireActor);

  app.get('/api/conversations', {
    schema: {
      operationId: 'listConversations',
      summary: 'List conversations',
      tags: ['chat'],
      description: 'Conversations, most recent activity first. `status` (default open), `assignee` = me | none | <userId>, `visitorEmail` (exact, case-insensitive). `unreadCount` is for the requesting user.',
      querystring: ConversationQuery,
      response: { 200: Page(ConversationSummary), ...errorResponses(401, 422) },
    },
  }, async (request) => {
    const page = await listConversations(db, request.actor, request.query);
    return { items: page.items.map(presentConversation), nextCursor: page.nextCursor };
  });

  app.get('/api/conversations/:id', {
    schema: {
      operationId: 'getConversation',
      summary: 'Get a conversation with its messages',
      tags: ['chat'],
      description: 'One conversation with its full message history (oldest first) and the tickets made from it; `visitor.previousConversations` counts this site\'s other conversations with the same email.',
      params: IdParams,
      response: { 200: ConversationDetail, ...errorResponses(401, 404, 422) },
    },
  }, async (request) => {
    const { conversation, messages, tickets } = await openConversation(db, request.actor, request.params.id);
    return {
      conversation: presentConversation(conversation),
      messages: messages.map(presentMessage),
      tickets: tickets.map(presentTicketSummary),
    };
  });

  app.patch('/api/conversations/:id', {
    schema: {
      operationId: 'updateConversation',
      summary: 'Resolve, reopen or assign a conversation',
      tags: ['chat'],
      description: 'Resolve/reopen (`status`) and assign (`assigneeId`, null unassigns; not a workspace member → 422).',
      params: IdParams,
      body: UpdateConversationBody,
      response: { 200: ConversationResponse, ...errorResponses(400, 401, 403, 404, 422) },
    },
  }, async (request) => {
    const { conversation } = await updateConversation(ctx, request.actor, request.params.id, request.body);
    return { conversation: presentConversation(conversation) };
  });

  app.post('/api/conversations/:id/read', {
    schema: {
      operationId: 'markConversationRead',
      summary: 'Mark a conversation read',
      tags: ['chat'],
      description: 'Everything in the conversation is read for the requesting user (all their browsers and devices).',
      params: IdParams,
      response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request, reply) => {
    await markConversationRead(ctx, request.actor, request.params.id);
    return reply.code(204).send(null);
  });

  app.post('/api/conversations/:id/messages', {
    schema: {
      operationId: 'replyToConversation',
      summary: 'Reply to a visitor',
      tags: ['chat'],
      description: 'Reply as the signed-in teammate; delivered live to the visitor.',
      params: IdParams,
      body: MessageBody,
      response: { 201: MessageResponse, ...errorResponses(400, 401, 403, 404, 422) },
    },
  }, async (request, reply) => {
    const { message } = await postOwnerMessage(ctx, request.actor, request.params.id, request.body.body);
    return reply.code(201).send({ message: presentMessage(message) });
  });

  app.delete('/api/conversations/:id', {
    schema: {
      operationId: 'deleteConversation',
      summary: 'Delete a conversation',
      tags: ['chat'],
      description: 'Deletes the conversation, its messages and its files. Tickets made from it remain (with their copies of its files).',
      params: IdParams,
      response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request, reply) => {
    await deleteConversation(ctx, request.actor.ownerId, request.params.id);
    return reply.code(204).send(null);
  });
}
