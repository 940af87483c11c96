import type { Ticket as TicketBody } from '../../shared/schemas/tickets.js';
import type { Db } from '../db/database.js';
import type { Ticket } from '../db/schema.js';
import { presentTicket } from '../presenters/tickets.js';
import { insertDeliveries, subscribedWebhooks } from '../webhooks/record.js';
import type { CommandContext } from './context.js';
import { afterCommit } from './events.js';
import { loadTicketViews, type TicketView } from './ticket-views.js';

export type TicketEventType = 'ticket.created' | 'ticket.updated';

/** Tickets presented inside their transaction, with the webhook deliveries written for them. */
export interface TicketEvents {
  ownerId: string;
  type: TicketEventType;
  tickets: TicketBody[];
  deliveries: number;
}

/**
 * Inside the transaction, after the change: presents the tickets as they will commit (owner side) and
 * writes their webhook deliveries. The same presented objects are published after the commit.
 */
export async function recordTicketEvents(trx: Db, ownerId: string, rows: Ticket[], type: TicketEventType): Promise<TicketEvents> {
  const tickets = (await loadTicketViews(trx, ownerId, rows)).map(presentTicket);
  const hooks = await subscribedWebhooks(trx, ownerId, type);
  const deliveries = await insertDeliveries(trx, ownerId, type, hooks, tickets.map((ticket) => ({ ticket })));
  return { ownerId, type, tickets, deliveries };
}

/**
 * recordTicketEvents for tickets whose views the command already holds (no re-read: issue 20's round
 * trips). `hooks`: the subscribed webhooks when the write statement returned them already
 * (subscribedWebhooksColumn); looked up here otherwise.
 */
export async function recordTicketViewEvents(trx: Db, ownerId: string, views: TicketView[], type: TicketEventType, hooks?: string[]): Promise<TicketEvents> {
  const tickets = views.map(presentTicket);
  hooks ??= await subscribedWebhooks(trx, ownerId, type);
  const deliveries = hooks.length ? await insertDeliveries(trx, ownerId, type, hooks, tickets.map((ticket) => ({ ticket }))) : 0;
  return { ownerId, type, tickets, deliveries };
}

/** After the commit: the workspace's dashboards hear each ticket; the webhook sender wakes. */
export function publishTicketEvents(ctx: CommandContext, events: TicketEvents): void {
  for (const ticket of events.tickets) ctx.events.toOwner(events.ownerId, { type: events.type, data: { ticket } });
  afterCommit(ctx, events.deliveries);
}

/**
 * Workspace-wide changes (a tag renamed or deleted, a teammate removed) can touch many tickets: they
 * are presented here, a page at a time, only when a webhook listens; sockets hear them after the
 * commit through publishTicketsUpdated (ticket-batch.ts), which re-reads them a page at a time.
 */
export async function recordTicketsUpdated(trx: Db, ownerId: string, ticketIds: string[]): Promise<number> {
  const hooks = await subscribedWebhooks(trx, ownerId, 'ticket.updated');
  if (hooks.length === 0) return 0;
  let deliveries = 0;
  for (let start = 0; start < ticketIds.length; start += 200) {
    const rows = await trx.selectFrom('tickets').selectAll().where('owner_id', '=', ownerId).where('id', 'in', ticketIds.slice(start, start + 200)).execute();
    const tickets = (await loadTicketViews(trx, ownerId, rows)).map(presentTicket);
    deliveries += await insertDeliveries(trx, ownerId, 'ticket.updated', hooks, tickets.map((ticket) => ({ ticket })));
  }
  return deliveries;
}
