import type { Db } from '../db/database.js';
import { recordWebhookEvent } from '../webhooks/record.js';
import type { WebhookEventType } from '../../shared/schemas/webhooks.js';
import type { CommandContext } from './context.js';

/**
 * The one way commands hand out events (docs/ARCHITECTURE.md "Events"): inside the transaction that
 * makes the change, `recordEvent` writes the webhook deliveries (committed with the change); after the
 * commit the command publishes the live frames on the bus (realtime/chat-events.ts, ticket-events.ts)
 * and calls `afterCommit` with what was recorded, which wakes the webhook sender. Routes never publish.
 */
export function recordEvent(trx: Db, ownerId: string, type: WebhookEventType, data: Record<string, unknown>): Promise<number> {
  return recordWebhookEvent(trx, ownerId, type, data);
}

/** After the commit: deliveries were written, so the sender looks now instead of at its next poll. */
export function afterCommit(ctx: CommandContext, deliveries: number): void {
  if (deliveries > 0) ctx.webhooks.wake();
}
