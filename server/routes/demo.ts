import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { ownOrigin, SESSION_COOKIE } from '../auth/authenticate.js';
import { findSessionActor, findUser } from '../commands/accounts.js';
import { findFirstForm } from '../commands/forms.js';
import { renderDemoPage, renderSignInPage } from '../pages/demo-page.js';
import type { App } from '../types.js';

const Html = (description: string) => ({ description, content: { 'text/html': { schema: Type.String() } } });

/**
 * `/demo`: the signed-in owner's own widget and first form on a pretend website (server-rendered).
 * It is a page load, so a missing or expired session answers an HTML 401 that says where to sign in.
 */
export default async function demoRoutes(app: App) {
  const { db, config } = app;

  app.get('/demo', {
    schema: {
      operationId: 'getDemoPage',
      summary: 'Get the demo site (HTML)',
      security: [{ session: [] }],
      tags: ['widget'],
      description: 'A demo website embedding the signed-in owner’s widget and first form (session cookie).',
      response: { 200: Html('The demo page.'), 401: Html('Not signed in.') },
    },
  }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    const actor = token ? await findSessionActor(db, token) : null;
    const owner = actor ? await findUser(db, actor.ownerId) : undefined;
    if (!actor || !owner) return sendPage(reply, 401, renderSignInPage(), '');
    const form = await findFirstForm(db, actor);
    const origin = ownOrigin(request, config);
    const html = renderDemoPage({ origin, siteKey: owner.site_key, form: form && { id: form.id, name: form.name } });
    return sendPage(reply, 200, html, origin);
  });
}

function sendPage(reply: FastifyReply, status: number, html: string, origin: string) {
  // The widget (same origin) runs here and opens its socket back to this server.
  const socketOrigin = origin.replace(/^http/, 'ws');
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header(
      'content-security-policy',
      `default-src 'self'; script-src 'self'; connect-src 'self' ${socketOrigin}; style-src 'self' 'unsafe-inline'; ` +
        "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    )
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .send(html);
}
