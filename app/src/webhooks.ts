import { requestJson } from './api';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './webhook-events';

export { WEBHOOK_EVENT_TYPES, type WebhookEventType };

/** A workspace webhook (api.md "Webhooks"). */
export interface Webhook {
  id: string;
  url: string;
  events: WebhookEventType[];
  active: boolean;
  /** Why the server turned it off after persistent failure (null otherwise). */
  disabledReason: string | null;
  createdAt: string;
}

export interface WebhookDelivery {
  id: string;
  event: WebhookEventType;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  nextAttemptAt: string | null;
}

const enc = encodeURIComponent;

export const webhooksApi = {
  list: () => requestJson<{ items: Webhook[]; nextCursor: string | null }>('GET', '/api/webhooks?limit=200'),
  create: (input: { url: string; events: WebhookEventType[] }) => requestJson<{ webhook: Webhook; secret: string }>('POST', '/api/webhooks', input),
  update: (id: string, changes: { url?: string; events?: WebhookEventType[]; active?: boolean }) =>
    requestJson<{ webhook: Webhook }>('PATCH', `/api/webhooks/${enc(id)}`, changes),
  remove: (id: string) => requestJson<void>('DELETE', `/api/webhooks/${enc(id)}`),
  deliveries: (id: string, cursor?: string | null) =>
    requestJson<{ items: WebhookDelivery[]; nextCursor: string | null }>('GET', `/api/webhooks/${enc(id)}/deliveries${cursor ? `?cursor=${enc(cursor)}` : ''}`),
  redeliver: (id: string, deliveryId: string) =>
    requestJson<{ delivery: WebhookDelivery }>('POST', `/api/webhooks/${enc(id)}/deliveries/${enc(deliveryId)}/redeliver`),
};
