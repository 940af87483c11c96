import type { Ticket as TicketBody } from '../../shared/schemas/tickets.js';
import type { TicketView } from '../commands/ticket-views.js';
import { iso, isoOrNull } from './accounts.js';
import { presentAttachment } from './attachments.js';

/** Owner-facing ticket. There is deliberately no visitor-facing ticket presenter: visitors never see tickets. */
export function presentTicket(ticket: TicketView): TicketBody {
  const sourceId = (ticket.conversation_id ?? ticket.form_submission_id)!;
  return {
    id: ticket.id,
    number: Number(ticket.number),
    title: ticket.title,
    status: ticket.status,
    notes: ticket.notes,
    version: ticket.version,
    source: { type: ticket.source_type, id: sourceId, available: ticket.sourceAvailable },
    conversationId: ticket.conversation_id,
    formSubmissionId: ticket.form_submission_id,
    visitor: ticket.visitor_name || ticket.visitor_email ? { name: ticket.visitor_name, email: ticket.visitor_email } : null,
    createdAt: iso(ticket.created_at),
    updatedAt: iso(ticket.updated_at),
    closedAt: isoOrNull(ticket.closed_at),
    attachments: ticket.attachments.map(presentAttachment),
  };
}

export function presentTicketSummary(ticket: { id: string; number: number; title: string; status: TicketView['status'] }) {
  return { id: ticket.id, number: Number(ticket.number), title: ticket.title, status: ticket.status };
}
