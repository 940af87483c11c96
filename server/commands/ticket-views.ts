import type { Db } from '../db/database.js';
import type { Ticket, TicketAttachment } from '../db/schema.js';
import type { SearchDocument } from '../db/search.js';

/** A ticket row with what its presenter needs from other tables. */
export interface TicketView extends Ticket {
  sourceAvailable: boolean;
  /** Oldest first. */
  attachments: TicketAttachment[];
}

/**
 * Completes ticket rows for presentation in one query per concern (never one per ticket):
 * whether each ticket's source conversation/submission still exists, and its attachments.
 */
export async function loadTicketViews(db: Db, ownerId: string, tickets: Ticket[]): Promise<TicketView[]> {
  if (tickets.length === 0) return [];
  const conversationIds = tickets.flatMap((t) => (t.conversation_id ? [t.conversation_id] : []));
  const submissionIds = tickets.flatMap((t) => (t.form_submission_id ? [t.form_submission_id] : []));
  // Looked up by primary key only, then checked against the owner here: with an owner predicate in
  // the IN query SQLite's planner walks the owner's whole conversation index instead of 50 key lookups.
  // Attachments likewise go by ticket id (the tickets were loaded for this owner) and are re-checked.
  const [conversations, submissions, attachments] = await Promise.all([
    conversationIds.length ? db.selectFrom('conversations').select(['id', 'owner_id']).where('id', 'in', conversationIds).execute() : [],
    submissionIds.length ? db.selectFrom('form_submissions').select(['id', 'owner_id']).where('id', 'in', submissionIds).execute() : [],
    db.selectFrom('ticket_attachments').selectAll()
      .where('ticket_id', 'in', tickets.map((t) => t.id))
      .orderBy('created_at').orderBy('id')
      .execute(),
  ]);
  const existing = new Set([...conversations, ...submissions].filter((row) => row.owner_id === ownerId).map((row) => row.id));
  const attachmentsByTicket = new Map<string, TicketAttachment[]>();
  for (const attachment of attachments) {
    if (attachment.owner_id !== ownerId) continue;
    const list = attachmentsByTicket.get(attachment.ticket_id) ?? [];
    list.push(attachment);
    attachmentsByTicket.set(attachment.ticket_id, list);
  }
  return tickets.map((ticket) => ({
    ...ticket,
    sourceAvailable: existing.has((ticket.conversation_id ?? ticket.form_submission_id)!),
    attachments: attachmentsByTicket.get(ticket.id) ?? [],
  }));
}

/**
 * Everything search covers for one ticket: title, notes, visitor name/email and attachment filenames.
 * Rebuilt whenever one of them changes (call it inside the transaction that changed it).
 */
export async function ticketSearchDocument(db: Db, ticket: Ticket): Promise<SearchDocument> {
  const attachments = await db.selectFrom('ticket_attachments').select('filename').where('ticket_id', '=', ticket.id).orderBy('created_at').execute();
  return {
    title: ticket.title,
    notes: ticket.notes,
    visitorName: ticket.visitor_name,
    visitorEmail: ticket.visitor_email,
    filenames: attachments.map((attachment) => attachment.filename),
  };
}
