import { NOTES_PREVIEW_LENGTH, TICKET_PRIORITIES, type Ticket as TicketBody, type TicketListItem, type TicketPriority } from '../../shared/schemas/tickets.js';
import { parseTranscript } from '../commands/ticket-transcript.js';
import type { TicketView } from '../commands/ticket-views.js';
import { iso, isoOrNull } from './accounts.js';
import { presentAttachment } from './attachments.js';

export const priorityName = (rank: number): TicketPriority => TICKET_PRIORITIES[rank] ?? 'normal';
export const priorityRank = (name: TicketPriority): number => TICKET_PRIORITIES.indexOf(name);

/** What the list and the full ticket share (owner-facing; the visitor's view is in ticket-visitor.ts). */
function presentTicketCommon(ticket: TicketView) {
  const sourceId = ticket.conversation_id ?? ticket.form_submission_id;
  return {
    id: ticket.id,
    number: Number(ticket.number),
    title: ticket.title,
    status: ticket.status,
    version: ticket.version,
    source: ticket.source_type && sourceId ? { type: ticket.source_type, id: sourceId, available: ticket.sourceAvailable } : null,
    conversationId: ticket.conversation_id,
    formSubmissionId: ticket.form_submission_id,
    visitor: ticket.visitor_name || ticket.visitor_email ? { name: ticket.visitor_name, email: ticket.visitor_email } : null,
    createdAt: iso(ticket.created_at),
    updatedAt: iso(ticket.updated_at),
    closedAt: isoOrNull(ticket.closed_at),
    assigneeId: ticket.assignee_id,
    assignee: ticket.assignee ? { id: ticket.assignee.id, name: ticket.assignee.name } : null,
    tags: ticket.tags,
    attachments: ticket.attachments.map(presentAttachment),
    priority: priorityName(ticket.priority),
    dueAt: isoOrNull(ticket.due_at),
    visibleToVisitor: ticket.visible_to_visitor === 1,
  };
}

/** Owner-facing ticket, with its notes and transcript. */
export function presentTicket(ticket: TicketView): TicketBody {
  return Object.assign(presentTicketCommon(ticket), { notes: ticket.notes, transcript: parseTranscript(ticket.transcript) });
}

/** A ticket in a list: a notes preview instead of the notes, never the transcript. */
export function presentTicketListItem(ticket: TicketView, match?: TicketListItem['match']): TicketListItem {
  // Added to the fresh object, not spread into a copy of it: the copy was ~4% of a 1M common-word search's event loop.
  const item: TicketListItem = Object.assign(presentTicketCommon(ticket), { notesPreview: notesPreview(ticket.notes) });
  if (match) item.match = match;
  return item;
}

export function presentTicketSummary(ticket: { id: string; number: number; title: string; status: TicketView['status'] }) {
  return { id: ticket.id, number: Number(ticket.number), title: ticket.title, status: ticket.status };
}

/** The first NOTES_PREVIEW_LENGTH characters (code points: never half an emoji), read from a short slice only. */
function notesPreview(notes: string): string {
  // Without a surrogate among the first units, code points are units: a plain slice (no array of 400 strings per item).
  const head = notes.slice(0, NOTES_PREVIEW_LENGTH);
  if (!SURROGATE.test(head)) return head;
  return [...notes.slice(0, NOTES_PREVIEW_LENGTH * 2)].slice(0, NOTES_PREVIEW_LENGTH).join('');
}

const SURROGATE = /[\uD800-\uDFFF]/;
