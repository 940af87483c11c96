import type { Db } from '../db/database.js';
import type { Ticket } from '../db/schema.js';
import type { SearchDocument } from '../db/search.js';

/** A ticket row with what its presenter needs from other tables. */
export interface TicketView extends Ticket {
  sourceAvailable: boolean;
}

/**
 * Completes ticket rows for presentation in one query per concern (never one per ticket):
 * whether each ticket's source conversation/submission still exists.
 */
export async function loadTicketViews(db: Db, ownerId: string, tickets: Ticket[]): Promise<TicketView[]> {
  if (tickets.length === 0) return [];
  const conversationIds = tickets.flatMap((t) => (t.conversation_id ? [t.conversation_id] : []));
  const submissionIds = tickets.flatMap((t) => (t.form_submission_id ? [t.form_submission_id] : []));
  // Looked up by primary key only, then checked against the owner here: with an owner predicate in
  // the IN query SQLite's planner walks the owner's whole conversation index instead of 50 key lookups.
  const [conversations, submissions] = await Promise.all([
    conversationIds.length ? db.selectFrom('conversations').select(['id', 'owner_id']).where('id', 'in', conversationIds).execute() : [],
    submissionIds.length ? db.selectFrom('form_submissions').select(['id', 'owner_id']).where('id', 'in', submissionIds).execute() : [],
  ]);
  const existing = new Set([...conversations, ...submissions].filter((row) => row.owner_id === ownerId).map((row) => row.id));
  return tickets.map((ticket) => ({
    ...ticket,
    sourceAvailable: existing.has((ticket.conversation_id ?? ticket.form_submission_id)!),
  }));
}

/**
 * Everything search covers for one ticket: title, notes, visitor name/email and attachment filenames.
 * Rebuilt whenever one of them changes (attachments: issue 6 adds the filenames query here).
 */
export async function ticketSearchDocument(_db: Db, ticket: Ticket): Promise<SearchDocument> {
  return {
    title: ticket.title,
    notes: ticket.notes,
    visitorName: ticket.visitor_name,
    visitorEmail: ticket.visitor_email,
    filenames: [],
  };
}
