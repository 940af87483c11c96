import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { PublicFormResponse, SiteFormParams, SubmissionReceipt, SubmitFormJsonBody, SubmitFormUrlencodedBody } from '../../shared/schemas/forms.js';
import { errorResponses } from '../../shared/schemas/common.js';
import { findPublicForm, parseFormFields } from '../commands/forms.js';
import { createSubmission } from '../commands/submissions.js';
import { AppError } from '../errors.js';
import { isHoneypotFilled, validateSubmission } from '../../shared/forms/validate-submission.js';
import { isClassicPost, readSubmissionInput, type SubmissionInput } from '../forms/submission-input.js';
import { renderProblemPage, renderThankYouPage, sendHtml } from '../forms/html-pages.js';
import { countryOf } from '../lib/country.js';
import { newId } from '../lib/ids.js';
import { toHttpUrl } from '../lib/http-url.js';
import { registerUrlencodedParser } from '../lib/urlencoded.js';
import { presentPublicForm, presentSubmissionReceipt } from '../presenters/forms.js';
import { commandContext } from '../commands/context.js';
import { preparePublicRoutes, publicRouteConfig } from './public.js';
import type { App } from '../types.js';

/**
 * Visitor side of forms, addressed by the owner's public site key. Submissions come as JSON (the
 * widget) or as a classic urlencoded HTML form post (works without JavaScript; answered with HTML).
 */
export default async function widgetFormRoutes(app: App) {
  const { db, config } = app;
  const ctx = commandContext(app);
  preparePublicRoutes(app);
  registerUrlencodedParser(app);
  // Only JSON and urlencoded bodies reach these routes; anything else is 415.
  app.removeContentTypeParser('text/plain');
  const tags = ['widget'];

  app.get('/api/widget/:siteKey/forms/:formId', {
    schema: { operationId: 'getPublicForm', summary: 'Get a form to show (visitor)', tags, security: [], params: SiteFormParams, response: { 200: PublicFormResponse, ...errorResponses(404, 429) } },
    config: publicRouteConfig(app),
  }, async (request) => ({ form: presentPublicForm(await findPublicForm(db, request.params.siteKey, request.params.formId)) }));

  app.post('/api/widget/:siteKey/forms/:formId/submissions', {
    schema: {
      operationId: 'submitForm',
      summary: 'Submit a form (visitor)',
      tags,
      security: [],
      description:
        'Validated against the form definition; 422 names the failing `field` (all problems in `problems`). ' +
        'A filled honeypot field "_hp" is answered as if accepted but nothing is stored.',
      params: SiteFormParams,
      body: {
        content: {
          'application/json': { schema: SubmitFormJsonBody },
          'application/x-www-form-urlencoded': { schema: SubmitFormUrlencodedBody },
        },
      },
      response: {
        201: {
          description: 'JSON posts get the receipt; classic posts without "_redirect" get an HTML thank-you page.',
          content: { 'application/json': { schema: SubmissionReceipt }, 'text/html': { schema: Type.String() } },
        },
        303: { description: 'Classic post with an http(s) "_redirect": sent there.', type: 'null' },
        ...errorResponses(400, 404, 413, 415, 422, 429),
      },
    },
    config: publicRouteConfig(app),
    errorHandler: answerClassicErrorsWithHtml,
  }, async (request, reply) => {
    const form = await findPublicForm(db, request.params.siteKey, request.params.formId);
    const input = readSubmissionInput(request);
    if (isHoneypotFilled(input.values)) {
      request.log.info({ formId: form.id }, 'honeypot filled: submission dropped');
      return answerAccepted(reply, input, form.name, newId());
    }
    const check = validateSubmission(parseFormFields(form), input.values);
    if (!check.ok) {
      const [first] = check.problems;
      throw new AppError(422, 'validation_failed', first!.message, { field: first!.field, problems: check.problems });
    }
    const submission = await createSubmission(ctx, form, check.fields, { pageUrl: input.pageUrl, country: countryOf(request, config) });
    return answerAccepted(reply, input, form.name, submission.id);
  });
}

function answerAccepted(reply: FastifyReply, input: SubmissionInput, formName: string, id: string) {
  if (!input.classic) return reply.code(201).send({ submission: presentSubmissionReceipt({ id }) });
  if (input.redirect) return reply.code(303).header('location', input.redirect).send();
  return sendHtml(reply, 201, renderThankYouPage({ formName, backUrl: input.pageUrl }));
}

/**
 * A classic form post is a browser page load, so its 4xx answers (validation, unknown form, rate limit,
 * too large) are HTML pages with the same status; everything else goes on to the app's JSON handler.
 */
function answerClassicErrorsWithHtml(error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) {
  const status = error instanceof AppError ? error.statusCode : error.validation ? 422 : (error.statusCode ?? 500);
  if (!isClassicPost(request) || status < 400 || status >= 500) throw error;
  const backUrl = toHttpUrl(request.headers.referer);
  if (error instanceof AppError && status === 422) {
    const problems = (error.details?.problems as { message: string }[] | undefined)?.map((p) => p.message) ?? [error.message];
    return sendHtml(reply, status, renderProblemPage({ title: 'Please check your answers', problems, backUrl }));
  }
  const message = error instanceof AppError ? error.message : status === 413 ? 'The submission is too large.' : 'The submission could not be read.';
  return sendHtml(reply, status, renderProblemPage({ title: 'Your submission was not sent', problems: [message], backUrl }));
}
