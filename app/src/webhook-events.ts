/** The events a webhook can subscribe to, with the dashboard's plain-English names (same list as shared/schemas/webhooks.ts). */
export const WEBHOOK_EVENT_TYPES = [
  ['conversation.created', 'New conversation'],
  ['message.created', 'New chat message'],
  ['submission.created', 'New form submission'],
  ['ticket.created', 'Ticket created'],
  ['ticket.updated', 'Ticket changed'],
  ['ticket.deleted', 'Ticket deleted'],
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number][0];
