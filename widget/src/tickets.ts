import { describeVisitorTicket } from '../../shared/visitor-tickets.js';

/** A ticket of this conversation the team made visible: what `GET …/tickets` and `ticket.status` carry. */
export interface VisitorTicket {
  number: number;
  title: string;
  status: string;
  updatedAt: string;
}

/** Whether a frame's payload is a ticket as the visitor API presents it. */
export function isVisitorTicket(value: unknown): value is VisitorTicket {
  const ticket = value as Partial<VisitorTicket> | null;
  return !!ticket && typeof ticket.number === 'number' && typeof ticket.title === 'string'
    && typeof ticket.status === 'string' && typeof ticket.updatedAt === 'string';
}

/**
 * One ticket into the list (by number, ordered by number). A frame older than what we show (a refetch
 * raced it) does not roll the status back.
 */
export function mergeTicket(list: VisitorTicket[], ticket: VisitorTicket): VisitorTicket[] {
  const current = list.find((t) => t.number === ticket.number);
  if (current && current.updatedAt > ticket.updatedAt) return list;
  return [...list.filter((t) => t.number !== ticket.number), ticket].sort((a, b) => a.number - b.number);
}

/** "Your request #12 — In progress" */
export function ticketLine(ticket: VisitorTicket): string {
  return describeVisitorTicket(ticket);
}
