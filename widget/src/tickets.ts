import { t, type Key } from './i18n.js';

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

/**
 * "Your request #12 — In progress" in the visitor's language (the statuses of shared/visitor-tickets.ts;
 * an unknown status is shown as it is). The number is not grouped: "#1234", never "#1,234".
 */
export function ticketLine(ticket: VisitorTicket): string {
  const key = `st_${ticket.status}`;
  const status = /^st_(new|in_progress|closed)$/.test(key) ? t(key as Key) : ticket.status;
  return t('ticket', { n: String(ticket.number), status });
}
