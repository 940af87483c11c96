import { Type } from '@sinclair/typebox';
import { ConversationDetail, ConversationSummary, MessageBody, MessageResponse } from '../../shared/schemas/chat.js';
import { errorResponses, IdParams, Page, PageQuery } from '../../shared/schemas/common.js';
import { requireActor } from '../auth/authenticate.js';
import { deleteConversation, listConversations, openConversation } from '../commands/conversations.js';
import { postOwnerMessage } from '../commands/messages.js';
import { presentConversation, presentMessage } from '../presenters/conversations.js';
import { presentTicketSummary } from '../presenters/tickets.js';
import { publishConversationDeleted, publishMessageCreated } from '../realtime/chat-events.js';
import type { App } from '../types.js';

/** Owner side of chat: the inbox, one conversation, replies, deletion. */
export default async function conversationRoutes(app: App) {
  const { db, events } = app;
  app.addHook('onRequest', requireActor);

  app.get('/api/conversations', {
    schema: {
      tags: ['chat'],
      description: 'Conversations, most recent activity first.',
      querystring: PageQuery,
      response: { 200: Page(ConversationSummary), ...errorResponses(401, 422) },
    },
  }, async (request) => {
    const page = await listConversations(db, request.actor.ownerId, request.query);
    return { items: page.items.map(presentConversation), nextCursor: page.nextCursor };
  });

  app.get('/api/conversations/:id', {
    schema: {
      tags: ['chat'],
      description: 'One conversation with its full message history (oldest first) and the tickets made from it.',
      params: IdParams,
      response: { 200: ConversationDetail, ...errorResponses(401, 404, 422) },
    },
  }, async (request) => {
    const { conversation, messages, tickets } = await openConversation(db, request.actor.ownerId, request.params.id);
    return {
      conversation: presentConversation(conversation),
      messages: messages.map(presentMessage),
      tickets: tickets.map(presentTicketSummary),
    };
  });

  app.post('/api/conversations/:id/messages', {
    schema: {
      tags: ['chat'],
      description: 'Reply as the owner; delivered live to the visitor.',
      params: IdParams,
      body: MessageBody,
      response: { 201: MessageResponse, ...errorResponses(400, 401, 403, 404, 422) },
    },
  }, async (request, reply) => {
    const { conversation, message } = await postOwnerMessage(db, request.actor, request.params.id, request.body.body);
    publishMessageCreated(events, conversation, message);
    return reply.code(201).send({ message: presentMessage(message) });
  });

  app.delete('/api/conversations/:id', {
    schema: {
      tags: ['chat'],
      description: 'Deletes the conversation and its messages. Tickets made from it remain.',
      params: IdParams,
      response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request, reply) => {
    await deleteConversation(db, request.actor.ownerId, request.params.id);
    publishConversationDeleted(events, request.actor.ownerId, request.params.id);
    return reply.code(204).send(null);
  });
}
