import type { Webhook, WebhookDelivery } from '../db/schema.js';
import type { WebhookEventType } from '../../shared/schemas/webhooks.js';
import { iso, isoOrNull } from './accounts.js';

/** Never the secret (shown once, by the create route). */
export function presentWebhook(webhook: Webhook) {
  return {
    id: webhook.id,
    url: webhook.url,
    events: JSON.parse(webhook.events) as WebhookEventType[],
    active: webhook.active === 1,
    disabledReason: webhook.disabled_reason,
    createdAt: iso(webhook.created_at),
  };
}

/** The log entry; never the payload or the receiver's answer body. */
export function presentDelivery(delivery: WebhookDelivery) {
  return {
    id: delivery.id,
    event: delivery.event_type as WebhookEventType,
    status: delivery.status,
    attempts: delivery.attempts,
    lastStatusCode: delivery.last_status_code,
    lastError: delivery.last_error,
    createdAt: iso(delivery.created_at),
    deliveredAt: isoOrNull(delivery.delivered_at),
    nextAttemptAt: delivery.status === 'pending' ? iso(delivery.next_attempt_at) : null,
  };
}
