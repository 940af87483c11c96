import { IdParams, errorResponses } from '../../shared/schemas/common.js';
import { MessageBody, MessageList, SiteKeyParams, StartConversationBody, StartedConversation, VisitorMessageResponse, VisitorTokenHeaders } from '../../shared/schemas/chat.js';
import { startConversation } from '../commands/conversations.js';
import { listVisitorMessages, postVisitorMessage } from '../commands/messages.js';
import { countryOf } from '../lib/country.js';
import { visitorContext } from '../lib/visitor-context.js';
import { presentVisitorMessage } from '../presenters/conversations.js';
import { markVisitorSeen } from '../commands/visitor-mail-queue.js';
import { preparePublicRoutes, publicRouteConfig } from './public.js';
import { commandContext } from '../commands/context.js';
import type { App } from '../types.js';

/**
 * Visitor side of chat (public, cross-origin, rate-limited per IP). A conversation is opened with the
 * owner's site key; afterwards its visitor token (X-Visitor-Token) is the only key to it. A wrong or
 * missing token answers 404, exactly like an unknown conversation.
 */
export default async function widgetChatRoutes(app: App) {
  const { db, config } = app;
  const ctx = commandContext(app);
  preparePublicRoutes(app);

  app.post('/api/widget/:siteKey/conversations', {
    schema: {
      operationId: 'startVisitorConversation',
      summary: 'Start a conversation (visitor)',
      tags: ['widget'],
      security: [],
      description: 'Start a conversation with a first message. The country is derived from the request, never the body.',
      params: SiteKeyParams,
      body: StartConversationBody,
      response: { 201: StartedConversation, ...errorResponses(400, 404, 422, 429) },
    },
    config: publicRouteConfig(app),
  }, async (request, reply) => {
    const { visitor, pageUrl, message: first } = request.body;
    const started = await startConversation(ctx, {
      siteKey: request.params.siteKey,
      visitor,
      pageUrl,
      country: countryOf(request, config),
      context: visitorContext(request.headers),
      body: first.body,
    });
    return reply.code(201).send({
      conversation: { id: started.conversation.id },
      visitorToken: started.visitorToken,
      message: presentVisitorMessage(started.message),
    });
  });

  app.post('/api/widget/conversations/:id/messages', {
    schema: {
      operationId: 'sendVisitorMessage',
      summary: 'Send a message (visitor)',
      tags: ['widget'],
      security: [{ visitorToken: [] }],
      params: IdParams,
      headers: VisitorTokenHeaders,
      body: MessageBody,
      response: { 201: VisitorMessageResponse, ...errorResponses(400, 404, 422, 429) },
    },
    config: publicRouteConfig(app),
  }, async (request, reply) => {
    const { message } = await postVisitorMessage(ctx, request.params.id, request.headers['x-visitor-token'], request.body.body);
    return reply.code(201).send({ message: presentVisitorMessage(message) });
  });

  app.get('/api/widget/conversations/:id/messages', {
    schema: {
      operationId: 'listVisitorMessages',
      summary: 'List the messages of a conversation (visitor)',
      tags: ['widget'],
      security: [{ visitorToken: [] }],
      description: 'The conversation as the visitor sees it, oldest first.',
      params: IdParams,
      headers: VisitorTokenHeaders,
      response: { 200: MessageList, ...errorResponses(404, 422, 429) },
    },
    config: publicRouteConfig(app),
  }, async (request) => {
    const messages = await listVisitorMessages(db, request.params.id, request.headers['x-visitor-token']);
    // The visitor has the thread in front of them: replies up to now are seen, not mailed.
    await markVisitorSeen(db, request.params.id);
    return { items: messages.map(presentVisitorMessage) };
  });
}
