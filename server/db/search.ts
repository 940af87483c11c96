import { sql, type Kysely } from 'kysely';
import type { Engine } from './database.js';
import type { Schema } from './schema.js';

/**
 * Ticket full-text search behind one interface: SQLite FTS5 (contentless table `ticket_search`,
 * keyed by tickets.seq) or PostgreSQL (tickets.search_vector + GIN). Both see the same normalized
 * text, so matching (case- and accent-insensitive word prefixes) behaves the same on both engines.
 */
export interface SearchDocument {
  title: string;
  notes: string;
  visitorName: string | null;
  visitorEmail: string | null;
  filenames: string[];
}

/** Lowercase, accents removed, every run of non-letters/digits turned into one space. */
export function normalizeSearchText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** The distinct words of a query, at most 16 (each one is matched as a prefix). */
export function searchTerms(query: string): string[] {
  return [...new Set(normalizeSearchText(query).split(' ').filter(Boolean))].slice(0, 16);
}

function documentText(doc: SearchDocument): string {
  return normalizeSearchText([doc.title, doc.notes, doc.visitorName ?? '', doc.visitorEmail ?? '', ...doc.filenames].join('\n'));
}

/** FTS5 has no owner column filter by value, so each workspace gets one token of its own. */
function ownerToken(ownerId: string): string {
  return `o${Buffer.from(ownerId).toString('hex')}`;
}

/** Writes (or rewrites) a ticket's search document; call inside the transaction that changed it. */
export async function indexTicket(db: Kysely<Schema>, engine: Engine, ticket: { seq: number; ownerId: string }, doc: SearchDocument): Promise<void> {
  const text = documentText(doc);
  if (engine === 'sqlite') {
    await sql`delete from ticket_search where rowid = ${ticket.seq}`.execute(db);
    await sql`insert into ticket_search (rowid, owner, body) values (${ticket.seq}, ${ownerToken(ticket.ownerId)}, ${text})`.execute(db);
  } else {
    await sql`update tickets set search_vector = to_tsvector('simple', ${text}) where seq = ${ticket.seq}`.execute(db);
  }
}

export async function unindexTicket(db: Kysely<Schema>, engine: Engine, seq: number): Promise<void> {
  if (engine === 'sqlite') await sql`delete from ticket_search where rowid = ${seq}`.execute(db);
  // PostgreSQL: the vector lives on the ticket row and goes with it.
}

export interface SearchCursor {
  rank: number;
  seq: number;
}

/**
 * Ids (seq) of the owner's tickets matching every term, best first, one page after `cursor`.
 * Ordered by relevance then seq, so the cursor is a (rank, seq) keyset position.
 */
export async function searchTicketSeqs(
  db: Kysely<Schema>,
  engine: Engine,
  ownerId: string,
  terms: string[],
  statuses: string[] | null,
  limit: number,
  cursor: SearchCursor | null,
): Promise<{ seq: number; rank: number }[]> {
  const statusFilter = statuses ? sql`and t.status in (${sql.join(statuses)})` : sql``;
  if (engine === 'sqlite') {
    const match = `owner : "${ownerToken(ownerId)}" AND body : (${terms.map((term) => `"${term}"*`).join(' AND ')})`;
    const after = cursor ? sql`and (s.rank > ${cursor.rank} or (s.rank = ${cursor.rank} and t.seq > ${cursor.seq}))` : sql``;
    const result = await sql<{ seq: number; rank: number }>`
      select t.seq as seq, s.rank as rank
      from ticket_search s join tickets t on t.seq = s.rowid
      where ticket_search match ${match} and t.owner_id = ${ownerId} ${statusFilter} ${after}
      order by s.rank, t.seq
      limit ${limit}`.execute(db);
    return result.rows;
  }
  // ts_rank is "higher is better"; negate it so both engines order ascending.
  const query = terms.map((term) => `${term}:*`).join(' & ');
  const after = cursor ? sql`and (-ts_rank(t.search_vector, q)::float8 > ${cursor.rank} or (-ts_rank(t.search_vector, q)::float8 = ${cursor.rank} and t.seq > ${cursor.seq}))` : sql``;
  const result = await sql<{ seq: number; rank: number }>`
    select t.seq as seq, -ts_rank(t.search_vector, q)::float8 as rank
    from tickets t, to_tsquery('simple', ${query}) q
    where t.owner_id = ${ownerId} and t.search_vector @@ q ${statusFilter} ${after}
    order by rank, t.seq
    limit ${limit}`.execute(db);
  return result.rows;
}
