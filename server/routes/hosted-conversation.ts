import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorResponses } from '../../shared/schemas/common.js';
import { HostedConversationParams, HostedConversationQuery, HostedReplyBody, UnsubscribeBody, UnsubscribePostQuery, UnsubscribeQuery } from '../../shared/schemas/visitor-page.js';
import { assertSameOrigin, isSecureRequest } from '../auth/authenticate.js';
import { postPageVisitorMessage } from '../commands/messages.js';
import { commandContext } from '../commands/context.js';
import { consumeResumeToken, findConversationByToken, TOKEN_TTL_MS, unsubscribeVisitor } from '../commands/visitor-access.js';
import { loadConversationPage } from '../commands/visitor-page.js';
import type { Conversation } from '../db/schema.js';
import { AppError } from '../errors.js';
import { registerUrlencodedParser } from '../lib/urlencoded.js';
import { renderConversationPage, renderLinkExpiredPage, renderUnsubscribePage } from '../pages/conversation-page.js';
import { markVisitorSeen } from '../commands/visitor-mail-queue.js';
import type { App } from '../types.js';

/** The page cookie: HttpOnly, scoped to `/c/{id}` (docs/API-VISITOR-MAIL.md). */
export const PAGE_COOKIE = 'fm_visitor_page';
const Html = (description: string) => ({ description, content: { 'text/html': { schema: Type.String() } } });
const Redirect = (description: string) => ({ description, type: 'null' });

/**
 * The hosted conversation page `/c/{id}` linked from visitor mail: the mailed resume token is traded
 * for a page cookie and a 303 to the clean URL; the page then shows the thread and takes replies as
 * classic form posts, without the website and without JavaScript. Unknown, used or expired links get a
 * friendly 404 page.
 */
export default async function hostedConversationRoutes(app: App) {
  const { db, config } = app;
  registerUrlencodedParser(app, 64 * 1024);
  // Guessing tokens is hopeless (256 bits), but each probe costs a database lookup: a tighter per-IP limit.
  const rateLimit = { rateLimit: { max: Math.min(config.publicRateLimit.max, 60), timeWindow: 60_000 } };
  const tags = ['widget'];

  const pageConversation = (request: FastifyRequest, id: string) =>
    findConversationByToken(db, id, request.cookies[PAGE_COOKIE], 'page');

  app.get('/c/:id', {
    schema: {
      operationId: 'openHostedConversation',
      summary: 'The hosted conversation page (HTML); `?t=` trades a mailed resume token for the page cookie',
      tags,
      security: [],
      params: HostedConversationParams,
      querystring: HostedConversationQuery,
      response: { 200: Html('The conversation page.'), 303: Redirect('Token accepted: cookie set, sent to the clean URL.'), 404: Html('Unknown, used or expired link.'), ...errorResponses(422, 429) },
    },
    config: rateLimit,
  }, async (request, reply) => {
    const { id } = request.params;
    if (request.query.t !== undefined) {
      const pageToken = await consumeResumeToken(db, id, request.query.t);
      if (!pageToken) return sendPage(reply, 404, renderLinkExpiredPage());
      reply.setCookie(PAGE_COOKIE, pageToken, {
        path: `/c/${id}`,
        httpOnly: true,
        sameSite: 'lax',
        secure: isSecureRequest(request, config),
        expires: new Date(Date.now() + TOKEN_TTL_MS.page),
      });
      // The token leaves the address bar (and history, and any Referer) at once.
      return reply.code(303).header('location', `/c/${id}`).header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').send();
    }
    const conversation = await pageConversation(request, request.params.id);
    if (!conversation) return sendPage(reply, 404, renderLinkExpiredPage());
    await markVisitorSeen(db, conversation.id);
    return sendPage(reply, 200, renderConversationPage(await loadConversationPage(db, conversation)));
  });

  app.post('/c/:id/messages', {
    schema: {
      operationId: 'replyOnHostedConversation',
      summary: 'A reply from the hosted conversation page (classic form post; page cookie, same origin)',
      tags,
      security: [],
      params: HostedConversationParams,
      body: HostedReplyBody,
      response: {
        303: Redirect('Sent; back to the page.'),
        404: Html('Unknown or expired page.'),
        422: {
          description: 'An empty or too long reply: the page again, with the problem (HTML); a malformed body: the error (JSON).',
          content: { 'text/html': { schema: Type.String() }, 'application/json': { schema: Type.Unsafe({ $ref: 'ErrorBody#' }) } },
        },
        ...errorResponses(400, 403, 413, 415, 429),
      },
    },
    config: rateLimit,
  }, async (request, reply) => {
    // The cookie is SameSite=Lax already; the Origin check also stops a same-site sibling host.
    assertSameOrigin(request, config);
    const conversation = await pageConversation(request, request.params.id);
    if (!conversation) return sendPage(reply, 404, renderLinkExpiredPage());
    try {
      // The widget's own command: the teammates see it live, a resolved conversation reopens.
      await postPageVisitorMessage(commandContext(app), conversation, request.body.body);
    } catch (error) {
      if (!(error instanceof AppError) || error.statusCode !== 422) throw error;
      return sendConversationPage(reply, conversation, 422, { problem: { message: error.message, body: request.body.body } });
    }
    await markVisitorSeen(db, conversation.id);
    return reply.code(303).header('location', `/c/${conversation.id}`).send();
  });

  app.get('/c/:id/unsubscribe', {
    schema: {
      operationId: 'getVisitorUnsubscribePage',
      summary: 'The unsubscribe link of a visitor mail: a page with one button (scanners follow links, not buttons)',
      tags,
      security: [],
      params: HostedConversationParams,
      querystring: UnsubscribeQuery,
      response: { 200: Html('The confirmation page.'), 404: Html('Unknown or expired link.'), ...errorResponses(422, 429) },
    },
    config: rateLimit,
  }, async (request, reply) => {
    const conversation = await findConversationByToken(db, request.params.id, request.query.u, 'unsubscribe');
    if (!conversation) return sendPage(reply, 404, renderLinkExpiredPage());
    return sendPage(reply, 200, renderUnsubscribePage({ conversationId: conversation.id, token: request.query.u, done: false }));
  });

  app.post('/c/:id/unsubscribe', {
    schema: {
      operationId: 'unsubscribeVisitorMail',
      summary: 'Stops mail about this conversation (the mailed unsubscribe token, or the page cookie from the same origin)',
      tags,
      security: [],
      params: HostedConversationParams,
      querystring: UnsubscribePostQuery,
      body: Type.Optional(UnsubscribeBody),
      response: { 200: Html('Emails stopped.'), 404: Html('Unknown or expired link.'), ...errorResponses(400, 403, 413, 415, 422, 429) },
    },
    config: rateLimit,
  }, async (request, reply) => {
    const token = request.body?.u ?? request.query.u;
    let conversation: Conversation | null;
    if (token) conversation = await findConversationByToken(db, request.params.id, token, 'unsubscribe');
    else {
      assertSameOrigin(request, config);
      conversation = await pageConversation(request, request.params.id);
    }
    if (!conversation) return sendPage(reply, 404, renderLinkExpiredPage());
    await unsubscribeVisitor(db, conversation);
    return sendPage(reply, 200, renderUnsubscribePage({ conversationId: conversation.id, token: '', done: true }));
  });

  async function sendConversationPage(reply: FastifyReply, conversation: Conversation, status: number, extra: { problem?: { message: string; body: string } }) {
    return sendPage(reply, status, renderConversationPage({ ...(await loadConversationPage(db, conversation)), ...extra }));
  }
}

function sendPage(reply: FastifyReply, status: number, html: string) {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    // No scripts, no framing (clickjacking a reply form); forms post only to this server.
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
    .header('x-content-type-options', 'nosniff')
    // Same-origin posts must carry an Origin (no-referrer would make it "null"); nothing leaves for other sites.
    .header('referrer-policy', 'same-origin')
    .header('cache-control', 'no-store')
    .send(html);
}
