import type { VisitorTicket } from '../../shared/schemas/tickets.js';
import type { Ticket } from '../db/schema.js';
import { iso } from './accounts.js';

/**
 * The visitor's view of a ticket the team made visible: number, title, status, last change. An
 * allowlist kept apart from the owner presenter: notes, tags, assignee, priority never reach a visitor.
 */
export function presentVisitorTicket(ticket: Pick<Ticket, 'number' | 'title' | 'status' | 'updated_at'>): VisitorTicket {
  return { number: Number(ticket.number), title: ticket.title, status: ticket.status, updatedAt: iso(ticket.updated_at) };
}
