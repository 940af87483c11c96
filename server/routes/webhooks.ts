import { Type } from '@sinclair/typebox';
import { errorResponses, IdParams, Page, PageQuery } from '../../shared/schemas/common.js';
import {
  CreatedWebhook, CreateWebhookBody, DeliveryParams, UpdateWebhookBody, Webhook, WebhookDelivery, WebhookDeliveryResponse, WebhookResponse,
} from '../../shared/schemas/webhooks.js';
import { requireActor } from '../auth/authenticate.js';
import { commandContext } from '../commands/context.js';
import { createWebhook, deleteWebhook, listDeliveries, listWebhooks, redeliver, updateWebhook } from '../commands/webhooks.js';
import { presentDelivery, presentWebhook } from '../presenters/webhooks.js';
import type { App } from '../types.js';

/** Workspace webhooks (owner only): endpoints, their delivery log, redelivery. See docs/WEBHOOKS.md. */
export default async function webhookRoutes(app: App) {
  const { db } = app;
  const ctx = { ...commandContext(app), allowPrivate: app.config.webhooks.allowPrivate };
  app.addHook('onRequest', requireActor);

  app.get('/api/webhooks', {
    schema: {
      operationId: 'listWebhooks',
      summary: 'List webhooks',
      tags: ['webhooks'],
      querystring: PageQuery,
      response: { 200: Page(Webhook), ...errorResponses(401, 403, 422) },
    },
  }, async (request) => {
    const page = await listWebhooks(db, request.actor, request.query);
    return { items: page.rows.map(presentWebhook), nextCursor: page.nextCursor };
  });

  app.post('/api/webhooks', {
    schema: {
      operationId: 'createWebhook',
      summary: 'Create a webhook',
      description: 'The answer carries the signing secret, shown only this once. Targets on loopback, private, link-local or metadata addresses → 422 `webhook_target_refused` (unless WEBHOOK_ALLOW_PRIVATE=true).',
      tags: ['webhooks'],
      body: CreateWebhookBody,
      response: { 201: CreatedWebhook, ...errorResponses(400, 401, 403, 422) },
    },
  }, async (request, reply) => {
    const { webhook, secret } = await createWebhook(ctx, request.actor, request.body);
    return reply.code(201).send({ webhook: presentWebhook(webhook), secret });
  });

  app.patch('/api/webhooks/:id', {
    schema: {
      operationId: 'updateWebhook',
      summary: 'Change or turn a webhook on/off',
      description: '`active: true` turns an endpoint back on after the server disabled it (`disabledReason`); its pending deliveries resume.',
      tags: ['webhooks'],
      params: IdParams,
      body: UpdateWebhookBody,
      response: { 200: WebhookResponse, ...errorResponses(400, 401, 403, 404, 422) },
    },
  }, async (request) => ({ webhook: presentWebhook(await updateWebhook(ctx, request.actor, request.params.id, request.body)) }));

  app.delete('/api/webhooks/:id', {
    schema: {
      operationId: 'deleteWebhook',
      summary: 'Delete a webhook and its delivery log',
      tags: ['webhooks'],
      params: IdParams,
      response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request, reply) => {
    await deleteWebhook(ctx, request.actor, request.params.id);
    return reply.code(204).send(null);
  });

  app.get('/api/webhooks/:id/deliveries', {
    schema: {
      operationId: 'listWebhookDeliveries',
      summary: "A webhook's delivery log",
      tags: ['webhooks'],
      params: IdParams,
      querystring: PageQuery,
      response: { 200: Page(WebhookDelivery), ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request) => {
    const page = await listDeliveries(db, request.actor, request.params.id, request.query);
    return { items: page.rows.map(presentDelivery), nextCursor: page.nextCursor };
  });

  app.post('/api/webhooks/:id/deliveries/:deliveryId/redeliver', {
    schema: {
      operationId: 'redeliverWebhookDelivery',
      summary: 'Send a delivery again',
      description: 'Same delivery id and body, a fresh signature; the retry schedule starts over.',
      tags: ['webhooks'],
      params: DeliveryParams,
      response: { 202: WebhookDeliveryResponse, ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request, reply) => reply.code(202).send({ delivery: presentDelivery(await redeliver(ctx, request.actor, request.params.id, request.params.deliveryId)) }));
}
