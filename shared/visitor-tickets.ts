/**
 * How a visitor-visible ticket reads for the visitor, shared by the hosted conversation page and the
 * visitor mail so both say the same. The widget speaks five languages from its own catalogues
 * (widget/src/locales.ts); its English is checked against this in widget/src/i18n.test.ts.
 */
export type VisitorTicketStatus = 'new' | 'in_progress' | 'closed';

export const VISITOR_TICKET_STATUS_LABELS: Record<VisitorTicketStatus, string> = {
  new: 'Received',
  in_progress: 'In progress',
  closed: 'Resolved',
};

/** "Your request #12 — In progress" (an unknown status is shown as it is). */
export function describeVisitorTicket(ticket: { number: number; status: string }): string {
  const label = (VISITOR_TICKET_STATUS_LABELS as Record<string, string | undefined>)[ticket.status] ?? ticket.status;
  return `Your request #${ticket.number} — ${label}`;
}
