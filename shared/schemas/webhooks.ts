import { Type, type Static } from '@sinclair/typebox';
import { Nullable, PageQuery, StringEnum, Timestamp } from './common.js';

import { WEBHOOK_EVENTS } from '../webhook-events.js';

export { WEBHOOK_EVENTS, type WebhookEventType } from '../webhook-events.js';

export const WEBHOOK_URL_MAX_LENGTH = 2000;

const EventList = Type.Array(StringEnum(WEBHOOK_EVENTS), { minItems: 1, maxItems: WEBHOOK_EVENTS.length, uniqueItems: true });
const Url = Type.String({ minLength: 1, maxLength: WEBHOOK_URL_MAX_LENGTH, description: 'An http(s) URL; loopback, private, link-local and metadata targets are refused (422).' });

export const Webhook = Type.Object({
  id: Type.String(),
  url: Type.String(),
  events: Type.Array(StringEnum(WEBHOOK_EVENTS)),
  active: Type.Boolean(),
  /** Why the server turned the endpoint off (null when active or turned off by hand). */
  disabledReason: Nullable(Type.String()),
  createdAt: Timestamp,
});

export const CreateWebhookBody = Type.Object({ url: Url, events: EventList }, { additionalProperties: false });
export const UpdateWebhookBody = Type.Object({
  url: Type.Optional(Url),
  events: Type.Optional(EventList),
  active: Type.Optional(Type.Boolean({ description: 'true re-enables an endpoint the server disabled after persistent failure.' })),
}, { additionalProperties: false });

export const WebhookResponse = Type.Object({ webhook: Webhook });
export const CreatedWebhook = Type.Object({ webhook: Webhook, secret: Type.String({ description: 'The signing secret, shown only once.' }) });

export const WebhookDelivery = Type.Object({
  id: Type.String({ description: 'Sent as X-FloatMessage-Delivery; stable across retries.' }),
  event: StringEnum(WEBHOOK_EVENTS),
  status: StringEnum(['pending', 'delivered', 'failed'] as const),
  attempts: Type.Integer(),
  lastStatusCode: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  createdAt: Timestamp,
  deliveredAt: Nullable(Timestamp),
  nextAttemptAt: Nullable(Timestamp),
});
export const WebhookDeliveryResponse = Type.Object({ delivery: WebhookDelivery });
export const DeliveryParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), deliveryId: Type.String({ minLength: 1, maxLength: 64 }) });
export const WebhookPageQuery = PageQuery;

export type Webhook = Static<typeof Webhook>;
export type CreatedWebhook = Static<typeof CreatedWebhook>;
export type WebhookDelivery = Static<typeof WebhookDelivery>;
