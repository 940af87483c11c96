import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { ownOrigin } from '../auth/authenticate.js';
import { formFrameAncestors } from '../http/frame-ancestors.js';
import { findHostedForm } from '../commands/forms.js';
import { AppError } from '../errors.js';
import { renderFormNotFoundPage, renderHostedFormPage } from '../pages/hosted-form-page.js';
import { presentPublicForm } from '../presenters/forms.js';
import { publicRouteConfig } from './public.js';
import type { App } from '../types.js';

const HostedFormParams = Type.Object({ formId: Type.String({ minLength: 1, maxLength: 64 }) });
const HostedFormQuery = Type.Object({ sent: Type.Optional(Type.String({ maxLength: 8 })) });
const Html = (description: string) => ({ description, content: { 'text/html': { schema: Type.String() } } });

/**
 * `/f/{formId}`: a form as a page of its own, for owners without a website or for sharing a link.
 * Server-rendered HTML, no JavaScript (the CSP allows none); it posts to the public submissions endpoint.
 */
export default async function hostedFormRoutes(app: App) {
  const { db, config } = app;

  app.get('/f/:formId', {
    schema: {
      operationId: 'getHostedFormPage',
      summary: 'Get the hosted form page (HTML)',
      tags: ['widget'],
      security: [],
      description: 'The hosted form page (HTML, works without JavaScript). `?sent=1` shows the thank-you state.',
      params: HostedFormParams,
      querystring: HostedFormQuery,
      response: { 200: Html('The form page.'), 404: Html('No such form.') },
    },
    config: publicRouteConfig(app),
  }, async (request, reply) => {
    let found;
    try {
      found = await findHostedForm(db, request.params.formId);
    } catch (error) {
      if (error instanceof AppError && error.statusCode === 404) return sendPage(reply, 404, renderFormNotFoundPage());
      throw error;
    }
    return sendPage(reply, 200, renderHostedFormPage({
      form: presentPublicForm(found.form),
      siteKey: found.siteKey,
      origin: ownOrigin(request, config),
      sent: request.query.sent === '1',
    }));
  });
}

function sendPage(reply: FastifyReply, status: number, html: string) {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    // No scripts at all; the form may only post to this server.
    .header('content-security-policy', `default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; ${formFrameAncestors(reply)}`)
    .header('x-content-type-options', 'nosniff')
    // Same-origin posts carry the Referer, so the endpoint's problem page can link back here.
    .header('referrer-policy', 'same-origin')
    .header('cache-control', 'no-store')
    .send(html);
}
