import type { TicketActivityKind } from '../../shared/schemas/ticket-activity.js';
import type { Db } from '../db/database.js';
import { notFound } from '../errors.js';
import { decodeCursor, encodeCursor } from '../lib/cursor.js';
import { newId } from '../lib/ids.js';
import { presentTicketActivity } from '../presenters/ticket-activity.js';
import type { Actor } from './accounts.js';

/**
 * What a ticket's timeline records, and the `data` each kind carries:
 * - created: { source: { type, id } }
 * - status_changed: { from, to }
 * - assignee_changed: { from: { id, name } | null, to: { id, name } | null, reason? ('member_removed') }
 * - tags_changed: { added: string[], removed: string[], reason? ('tag_deleted') }
 * - title_changed: { from, to }
 * - notes_edited: {} (who and when; never a copy of the text)
 * - attachment_added / attachment_removed: { attachmentId, filename }
 */
export interface TicketActivityEntry {
  ownerId: string;
  ticketId: string;
  /** The person who made the change; null for changes nobody made directly. */
  actorId: string | null;
  kind: TicketActivityKind;
  data?: Record<string, unknown>;
}

/** Appends one entry to a ticket's timeline. Call it inside the transaction that makes the change. */
export async function recordTicketActivity(trx: Db, entry: TicketActivityEntry): Promise<void> {
  await recordTicketActivities(trx, [entry]);
}

/** Appends several entries in the given order (bulk changes: a tag deleted, a teammate removed). */
export async function recordTicketActivities(trx: Db, entries: TicketActivityEntry[]): Promise<void> {
  const rows = ticketActivityRows(entries);
  // Bounded statements: SQLite allows a limited number of bound parameters per statement.
  for (let start = 0; start < rows.length; start += 500) {
    await trx.insertInto('ticket_activity').values(rows.slice(start, start + 500)).execute();
  }
}

/** The rows recordTicketActivities inserts (for a write that inserts them in its own statement). */
export function ticketActivityRows(entries: TicketActivityEntry[]) {
  const now = Date.now();
  return entries.map((entry) => ({
    id: newId(),
    owner_id: entry.ownerId,
    ticket_id: entry.ticketId,
    actor_id: entry.actorId,
    kind: entry.kind,
    data: JSON.stringify(entry.data ?? {}),
    created_at: now,
  }));
}

/** A ticket's timeline, oldest first (keyset on the write order). Another workspace's ticket is a 404. */
export async function listTicketActivity(db: Db, actor: Actor, ticketId: string, page: { limit?: number; cursor?: string }) {
  const limit = page.limit ?? 50;
  const after = decodeCursor(page.cursor, { s: 'number' });
  const ticket = await db.selectFrom('tickets').select('id').where('owner_id', '=', actor.ownerId).where('id', '=', ticketId).executeTakeFirst();
  if (!ticket) throw notFound('Ticket');
  let query = db
    .selectFrom('ticket_activity as a')
    .leftJoin('users as u', 'u.id', 'a.actor_id')
    .select(['a.seq', 'a.id', 'a.kind', 'a.data', 'a.actor_id', 'u.name as actor_name', 'a.created_at'])
    .where('a.owner_id', '=', actor.ownerId)
    .where('a.ticket_id', '=', ticket.id);
  if (after) query = query.where('a.seq', '>', after.s);
  const rows = await query.orderBy('a.seq').limit(limit + 1).execute();
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(presentTicketActivity),
    nextCursor: rows.length > limit && last ? encodeCursor({ s: Number(last.seq) }) : null,
  };
}
