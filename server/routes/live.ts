import type { FastifyReply, FastifyRequest } from 'fastify';
import { VisitorSocketQuery } from '../../shared/schemas/chat.js';
import { errorResponses, IdParams } from '../../shared/schemas/common.js';
import { assertSameOrigin, requireActor } from '../auth/authenticate.js';
import { findVisitorConversation } from '../commands/messages.js';
import { AppError } from '../errors.js';
import { SocketHub } from '../realtime/socket-hub.js';
import { publicRouteConfig } from './public.js';
import type { App } from '../types.js';

export interface LiveRoutesOptions {
  pingIntervalMs?: number;
}

/** Open sockets per conversation on one server: a widget needs one or two (tabs), not hundreds. */
const MAX_VISITOR_SOCKETS_PER_CONVERSATION = 20;

const upgradeRequired = async (_request: FastifyRequest, reply: FastifyReply) =>
  reply.code(426).header('upgrade', 'websocket').send({ error: { code: 'upgrade_required', message: 'Open this URL as a WebSocket.' } });

/**
 * Live sockets. Frames are JSON `{ type, data }`. A socket only ever subscribes to its own owner's
 * channel or its own conversation's channel: the subscription key comes from the credentials, never
 * from anything else the client sends. Inbound frames are ignored (and capped in size in app.ts).
 */
export default async function liveRoutes(app: App, options: LiveRoutesOptions) {
  const { events, config, db } = app;
  const hub = new SocketHub({ pingIntervalMs: options.pingIntervalMs ?? 30_000, maxBufferedBytes: 1024 * 1024 });
  const perConversation = new Map<string, number>();
  app.addHook('onClose', async () => hub.close());

  app.route({
    method: 'GET',
    url: '/api/ws',
    schema: {
      tags: ['live'],
      description: 'WebSocket (upgrade): every live event of the signed-in owner. Session cookie or Bearer token.',
      response: errorResponses(401, 403, 426),
    },
    // A browser sends the session cookie on a socket opened by any site; refuse foreign origins (CSWSH).
    onRequest: [requireActor, async (request) => {
      if (!request.headers.authorization && request.headers.origin) assertSameOrigin(request, config);
    }],
    handler: upgradeRequired,
    wsHandler: (socket, request) => {
      const { ownerId, userId, credentialId } = request.actor;
      const unsubscribe = events.onOwner(ownerId, (event) => {
        // Removed from the workspace: the membership checked at upgrade is gone, so is the socket.
        if (event.type === 'member.removed' && event.data.userId === userId) socket.close(4403, 'removed from workspace');
        // Logged out / token revoked: the credential this socket was opened with no longer exists.
        else if (event.type === 'credential.revoked') {
          if (event.data.credentialId === credentialId) socket.close(4401, 'signed out');
        } else hub.send(socket, event);
      });
      hub.add(socket, unsubscribe);
    },
  });

  app.route({
    method: 'GET',
    url: '/api/widget/conversations/:id/ws',
    schema: {
      tags: ['live'],
      security: [],
      description: 'WebSocket (upgrade) for the visitor widget: `message.created` of this conversation, visitor-presented.',
      params: IdParams,
      querystring: VisitorSocketQuery,
      response: errorResponses(404, 422, 426, 429),
    },
    config: publicRouteConfig(app),
    // Checked before the upgrade, so a wrong token gets a plain HTTP 404 and no socket.
    preHandler: async (request) => {
      await findVisitorConversation(db, request.params.id, request.query.token);
      if ((perConversation.get(request.params.id) ?? 0) >= MAX_VISITOR_SOCKETS_PER_CONVERSATION) {
        throw new AppError(429, 'too_many_sockets', 'Too many open sockets for this conversation.');
      }
    },
    handler: upgradeRequired,
    wsHandler: (socket, request) => {
      const conversationId = request.params.id;
      perConversation.set(conversationId, (perConversation.get(conversationId) ?? 0) + 1);
      const unsubscribe = events.onConversation(conversationId, (event) => {
        // Allowlist: visitors only ever receive message.created and ticket.status (a ticket the team
        // made visible, visitor-presented). A deleted conversation ends the socket.
        if (event.type === 'message.created' || event.type === 'ticket.status') hub.send(socket, event);
        else if (event.type === 'conversation.deleted') socket.close(4404, 'conversation deleted');
      });
      hub.add(socket, () => {
        unsubscribe();
        const left = (perConversation.get(conversationId) ?? 1) - 1;
        if (left > 0) perConversation.set(conversationId, left);
        else perConversation.delete(conversationId);
      });
    },
  });
}
