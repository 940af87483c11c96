import type { Page } from '../../shared/schemas/common';
import type { CreatedWebhook, Webhook, WebhookDelivery } from '../../shared/schemas/webhooks';
import { requestJson } from './api';
import { WEBHOOK_EVENTS as WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../../shared/webhook-events';

export { WEBHOOK_EVENT_TYPES, type WebhookEventType };

export type { Webhook, WebhookDelivery };

const enc = encodeURIComponent;

export const webhooksApi = {
  list: () => requestJson<Page<Webhook>>('GET', '/api/webhooks?limit=200'),
  create: (input: { url: string; events: WebhookEventType[] }) => requestJson<CreatedWebhook>('POST', '/api/webhooks', input),
  update: (id: string, changes: { url?: string; events?: WebhookEventType[]; active?: boolean }) =>
    requestJson<{ webhook: Webhook }>('PATCH', `/api/webhooks/${enc(id)}`, changes),
  remove: (id: string) => requestJson<void>('DELETE', `/api/webhooks/${enc(id)}`),
  deliveries: (id: string, cursor?: string | null) =>
    requestJson<Page<WebhookDelivery>>('GET', `/api/webhooks/${enc(id)}/deliveries${cursor ? `?cursor=${enc(cursor)}` : ''}`),
  redeliver: (id: string, deliveryId: string) =>
    requestJson<{ delivery: WebhookDelivery }>('POST', `/api/webhooks/${enc(id)}/deliveries/${enc(deliveryId)}/redeliver`),
};
