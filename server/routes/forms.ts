import { Type } from '@sinclair/typebox';
import { CreateFormBody, Form, FormResponse, UpdateFormBody } from '../../shared/schemas/forms.js';
import { errorResponses, IdParams, Page, PageQuery } from '../../shared/schemas/common.js';
import { createForm, deleteForm, findForm, listForms, updateForm } from '../commands/forms.js';
import { requireActor } from '../auth/authenticate.js';
import { presentForm } from '../presenters/forms.js';
import type { App } from '../types.js';

/** Owner side: define forms. Visitors reach them through routes/widget-forms.ts. */
export default async function formRoutes(app: App) {
  const { db } = app;
  app.addHook('onRequest', requireActor);
  const tags = ['forms'];

  app.get('/api/forms', {
    schema: { operationId: 'listForms', summary: 'List forms', tags, querystring: PageQuery, response: { 200: Page(Form), ...errorResponses(401, 422) } },
  }, async (request) => {
    const { items, nextCursor } = await listForms(db, request.actor, { limit: request.query.limit ?? 50, cursor: request.query.cursor });
    return { items: items.map(presentForm), nextCursor };
  });

  app.post('/api/forms', {
    schema: { operationId: 'createForm', summary: 'Create a form', tags, body: CreateFormBody, response: { 201: FormResponse, ...errorResponses(400, 401, 403, 422) } },
  }, async (request, reply) => {
    const form = await createForm(db, request.actor, request.body);
    return reply.code(201).send({ form: presentForm(form) });
  });

  app.get('/api/forms/:id', {
    schema: { operationId: 'getForm', summary: 'Get a form', tags, params: IdParams, response: { 200: FormResponse, ...errorResponses(401, 404) } },
  }, async (request) => ({ form: presentForm(await findForm(db, request.actor, request.params.id)) }));

  app.patch('/api/forms/:id', {
    schema: { operationId: 'updateForm', summary: 'Update a form', tags, params: IdParams, body: UpdateFormBody, response: { 200: FormResponse, ...errorResponses(400, 401, 403, 404, 422) } },
  }, async (request) => ({ form: presentForm(await updateForm(db, request.actor, request.params.id, request.body)) }));

  app.delete('/api/forms/:id', {
    schema: {
      operationId: 'deleteForm',
      summary: 'Delete a form',
      tags,
      description: 'Deletes the form definition; its submissions stay readable.',
      params: IdParams,
      response: { 204: Type.Null(), ...errorResponses(401, 403, 404) },
    },
  }, async (request, reply) => {
    await deleteForm(db, request.actor, request.params.id);
    return reply.code(204).send(null);
  });
}
