import { describe, expect, it } from 'vitest';
import { isVisitorTicket, mergeTicket, ticketLine, type VisitorTicket } from './tickets.js';

const ticket = (number: number, status: string, updatedAt: string): VisitorTicket => ({ number, title: `Request ${number}`, status, updatedAt });

describe('visitor tickets in the widget', () => {
  it('reads as "Your request #N — Status" in the visitor’s words', () => {
    expect(ticketLine(ticket(12, 'in_progress', '2026-12-01T08:00:00.000Z'))).toBe('Your request #12 — In progress');
    expect(ticketLine(ticket(3, 'new', '2026-12-01T08:00:00.000Z'))).toBe('Your request #3 — Received');
    expect(ticketLine(ticket(4, 'closed', '2026-12-01T08:00:00.000Z'))).toBe('Your request #4 — Resolved');
  });

  it('adds and updates by number, in number order, and never rolls back to an older state', () => {
    let list: VisitorTicket[] = [];
    list = mergeTicket(list, ticket(7, 'new', '2026-12-01T08:00:00.000Z'));
    list = mergeTicket(list, ticket(2, 'new', '2026-12-01T08:00:00.000Z'));
    expect(list.map((t) => t.number)).toEqual([2, 7]);
    list = mergeTicket(list, ticket(7, 'in_progress', '2026-12-01T08:05:00.000Z'));
    expect(list.find((t) => t.number === 7)!.status).toBe('in_progress');
    list = mergeTicket(list, ticket(7, 'new', '2026-12-01T08:01:00.000Z'));
    expect(list.find((t) => t.number === 7)!.status).toBe('in_progress');
  });

  it('accepts only well-formed frames', () => {
    expect(isVisitorTicket(ticket(1, 'new', '2026-12-01T08:00:00.000Z'))).toBe(true);
    expect(isVisitorTicket({ number: '1', title: 'x', status: 'new', updatedAt: 'x' })).toBe(false);
    expect(isVisitorTicket(null)).toBe(false);
  });
});
