/**
 * The events a webhook can subscribe to (api.md "Webhooks"). A plain list, without TypeBox, so the
 * dashboard can import it; shared/schemas/webhooks.ts builds the API schema from it. Their names for
 * people are the dashboard catalogue's `webhooks.events.*`.
 */
export const WEBHOOK_EVENTS = [
  'conversation.created',
  'message.created',
  'submission.created',
  'ticket.created',
  'ticket.updated',
  'ticket.deleted',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];
