import { Type } from '@sinclair/typebox';
import { SubmissionDetailResponse, SubmissionListItem, SubmissionListQuery } from '../../shared/schemas/forms.js';
import { errorResponses, IdParams, Page } from '../../shared/schemas/common.js';
import { listTicketsOfSource, listTicketsOfSubmissions } from '../commands/list-tickets.js';
import { deleteSubmission, findSubmission, listSubmissions } from '../commands/submissions.js';
import { requireActor } from '../auth/authenticate.js';
import { presentSubmission } from '../presenters/forms.js';
import { presentTicketSummary } from '../presenters/tickets.js';
import { commandContext } from '../commands/context.js';
import type { App } from '../types.js';

/** Owner side: read and delete what visitors submitted. */
export default async function submissionRoutes(app: App) {
  const { db } = app;
  const ctx = commandContext(app);
  app.addHook('onRequest', requireActor);
  const tags = ['forms'];

  app.get('/api/submissions', {
    schema: {
      operationId: 'listSubmissions',
      summary: 'List form submissions',
      tags,
      description: 'Newest first; `formId` filters to one form (also a deleted one). Each item lists the tickets made from it.',
      querystring: SubmissionListQuery,
      response: { 200: Page(SubmissionListItem), ...errorResponses(401, 422) },
    },
  }, async (request) => {
    const { formId, limit = 50, cursor } = request.query;
    const page = await listSubmissions(db, request.actor, { formId, limit, cursor });
    const tickets = await listTicketsOfSubmissions(db, request.actor.ownerId, page.rows.map((row) => row.id));
    return {
      items: page.rows.map((row) => ({ ...presentSubmission(row), tickets: (tickets.get(row.id) ?? []).map(presentTicketSummary) })),
      nextCursor: page.nextCursor,
    };
  });

  app.get('/api/submissions/:id', {
    schema: {
      operationId: 'getSubmission',
      summary: 'Get a form submission',
      tags,
      description: 'The submission with every field (label, type, value), page URL, country, and the tickets made from it.',
      params: IdParams,
      response: { 200: SubmissionDetailResponse, ...errorResponses(401, 404) },
    },
  }, async (request) => {
    const submission = await findSubmission(db, request.actor, request.params.id);
    const tickets = await listTicketsOfSource(db, request.actor.ownerId, { formSubmissionId: submission.id });
    return { submission: presentSubmission(submission), tickets: tickets.map(presentTicketSummary) };
  });

  app.delete('/api/submissions/:id', {
    schema: { operationId: 'deleteSubmission', summary: 'Delete a form submission', tags, params: IdParams, response: { 204: Type.Null(), ...errorResponses(401, 403, 404) } },
  }, async (request, reply) => {
    await deleteSubmission(ctx, request.actor, request.params.id);
    return reply.code(204).send(null);
  });
}
