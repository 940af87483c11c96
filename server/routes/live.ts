import type { FastifyReply, FastifyRequest } from 'fastify';
import { VisitorSocketQuery } from '../../shared/schemas/chat.js';
import { errorResponses, IdParams, SocketUpgradeResponse } from '../../shared/schemas/common.js';
import { assertSameOrigin, requireActor } from '../auth/authenticate.js';
import { findVisitorConversation } from '../commands/messages.js';
import { AppError } from '../errors.js';
import type { LiveEventType } from '../realtime/events.js';
import { SocketHub } from '../realtime/socket-hub.js';
import { TypingRelay, type TypingOptions } from '../realtime/typing.js';
import { markVisitorSeen } from '../commands/visitor-mail-queue.js';
import { publicRouteConfig } from './public.js';
import type { App } from '../types.js';

export interface LiveRoutesOptions {
  pingIntervalMs?: number;
  typing?: TypingOptions;
}

/** Visitor sockets forward only these (their data is presented for visitors by the publishers). */
// resync: events may have been missed (a LISTEN gap): the widget refetches.
const VISITOR_FRAMES = new Set<LiveEventType>(['message.created', 'conversation.typing', 'ticket.status', 'resync']);

const upgradeRequired = async (_request: FastifyRequest, reply: FastifyReply) =>
  reply.code(426).header('upgrade', 'websocket').send({ error: { code: 'upgrade_required', message: 'Open this URL as a WebSocket.' } });

/**
 * Live sockets. Frames are JSON `{ type, data }`. A socket only ever subscribes to its own owner's
 * channel or its own conversation's channel: the subscription key comes from the credentials, never
 * from anything else the client sends. The only inbound frame is `typing` (capped in size in app.ts);
 * anything else is ignored.
 */
export default async function liveRoutes(app: App, options: LiveRoutesOptions) {
  const { events, config, db } = app;
  const hub = new SocketHub({ pingIntervalMs: options.pingIntervalMs ?? 30_000, maxBufferedBytes: 1024 * 1024 });
  // The per-conversation cap on visitor sockets: shared by every server on PostgreSQL (realtime/live-state.ts).
  const slots = app.socketSlots;
  const typing = new TypingRelay(db, events, options.typing);
  /** The conversation a visitor socket's preHandler verified, for its wsHandler. */
  const verified = new WeakMap<object, { ownerId: string }>();
  app.addHook('onClose', async () => hub.close());

  app.route({
    method: 'GET',
    url: '/api/ws',
    schema: {
      operationId: 'openOwnerSocket',
      summary: 'Open the live-events WebSocket (team)',
      tags: ['live'],
      description: 'WebSocket (upgrade): every live event of the signed-in owner. Session cookie or Bearer token.',
      response: { ...SocketUpgradeResponse, ...errorResponses(401, 403, 426) },
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
      socket.on('message', (raw) => {
        const conversationId = typingTarget(raw);
        if (conversationId) typing.agentTyping({ ownerId, userId }, conversationId).catch((error: unknown) => request.log.warn({ err: error }, 'typing relay failed'));
      });
      hub.add(socket, unsubscribe);
      // A person's dashboard (a session, not an integration's API token) makes them present (realtime/presence.ts).
      if (!request.headers.authorization) {
        app.presence.join(ownerId, userId);
        socket.once('close', () => app.presence.leave(ownerId, userId));
      }
    },
  });

  app.route({
    method: 'GET',
    url: '/api/widget/conversations/:id/ws',
    schema: {
      operationId: 'openVisitorSocket',
      summary: 'Open the live-events WebSocket (visitor)',
      tags: ['live'],
      security: [{ visitorTokenQuery: [] }],
      description: 'WebSocket (upgrade) for the visitor widget: `message.created` of this conversation, visitor-presented.',
      params: IdParams,
      querystring: VisitorSocketQuery,
      response: { ...SocketUpgradeResponse, ...errorResponses(404, 422, 426, 429) },
    },
    config: publicRouteConfig(app),
    // Checked before the upgrade, so a wrong token gets a plain HTTP 404 and no socket.
    preHandler: async (request) => {
      const conversation = await findVisitorConversation(db, request.params.id, request.query.token);
      verified.set(request, { ownerId: conversation.owner_id });
      const conversationId = request.params.id;
      if (!(await slots.acquire(conversationId))) {
        throw new AppError(429, 'too_many_sockets', 'Too many open sockets for this conversation.');
      }
      // The slot is held for as long as this connection lives (the socket after the upgrade, or the
      // HTTP connection if the upgrade never happens), and given back exactly once.
      request.raw.socket.once('close', () => slots.release(conversationId));
      // Visitor mail: what arrived before the socket opened is shown now, what arrives while it is open
      // live; the close marks the end of watching (server/mail/visitor-followup.ts).
      await markVisitorSeen(db, conversationId);
      request.raw.socket.once('close', () => void markVisitorSeen(db, conversationId).catch((error: unknown) => request.log.warn({ err: error }, 'visitor seen')));
    },
    handler: upgradeRequired,
    wsHandler: (socket, request) => {
      const conversationId = request.params.id;
      const { ownerId } = verified.get(request)!;
      const unsubscribe = events.onConversation(conversationId, (event) => {
        // Allowlist of visitor-safe frames. A deleted conversation ends the socket.
        if (VISITOR_FRAMES.has(event.type)) hub.send(socket, event);
        else if (event.type === 'conversation.deleted') socket.close(4404, 'conversation deleted');
      });
      socket.on('message', (raw) => {
        if (parseFrame(raw)?.type === 'typing') typing.visitorTyping(ownerId, conversationId);
      });
      hub.add(socket, unsubscribe);
    },
  });
}

/** An inbound frame as JSON `{ type, data? }`, or null for anything else. */
function parseFrame(raw: unknown): { type: unknown; data?: unknown } | null {
  try {
    const frame = JSON.parse(String(raw)) as unknown;
    return frame && typeof frame === 'object' && !Array.isArray(frame) ? frame as { type: unknown; data?: unknown } : null;
  } catch {
    return null;
  }
}

/** The conversation id of an owner socket's `{ type: "typing", data: { conversationId } }`, else null. */
function typingTarget(raw: unknown): string | null {
  const frame = parseFrame(raw);
  if (frame?.type !== 'typing' || !frame.data || typeof frame.data !== 'object') return null;
  const { conversationId } = frame.data as { conversationId?: unknown };
  return typeof conversationId === 'string' && conversationId.length > 0 && conversationId.length <= 64 ? conversationId : null;
}
