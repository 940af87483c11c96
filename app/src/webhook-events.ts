/**
 * The events a webhook can subscribe to (same list as shared/schemas/webhooks.ts); their names for
 * people are the catalogue's `webhooks.events.*`.
 */
export const WEBHOOK_EVENT_TYPES = [
  'conversation.created',
  'message.created',
  'submission.created',
  'ticket.created',
  'ticket.updated',
  'ticket.deleted',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
