import { createHash } from 'node:crypto';
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

/**
 * SQLite: every indexed word carries its workspace's prefix (`o<hash>x<word>`), so a match is
 * scoped to one owner by the index itself — no intersection with a huge per-owner posting list, and
 * document frequencies (relevance) are per workspace. Results are still joined on tickets.owner_id.
 */
function ownerPrefix(ownerId: string): string {
  return `o${createHash('sha256').update(ownerId).digest('hex').slice(0, 16)}x`;
}

function sqliteDocument(ownerId: string, text: string): string {
  const prefix = ownerPrefix(ownerId);
  return text ? text.split(' ').map((word) => prefix + word).join(' ') : '';
}

/** Most recent matches that relevance ranking considers; bounds the cost of very common words. */
export const RANK_WINDOW = 5000;

/** Writes (or rewrites) a ticket's search document; call inside the transaction that changed it. */
export async function indexTicket(db: Kysely<Schema>, engine: Engine, ticket: { seq: number; ownerId: string }, doc: SearchDocument): Promise<void> {
  const text = documentText(doc);
  if (engine === 'sqlite') {
    await sql`delete from ticket_search where rowid = ${ticket.seq}`.execute(db);
    await sql`insert into ticket_search (rowid, body) values (${ticket.seq}, ${sqliteDocument(ticket.ownerId, text)})`.execute(db);
  } else {
    await sql`update tickets set search_vector = to_tsvector('simple', ${text}) where seq = ${ticket.seq}`.execute(db);
  }
}

/** Indexes many tickets at once (bulk loads: benchmarks, imports). */
export async function indexTicketsBulk(
  db: Kysely<Schema>,
  engine: Engine,
  items: { seq: number; ownerId: string; doc: SearchDocument }[],
): Promise<void> {
  if (items.length === 0) return;
  if (engine === 'sqlite') {
    const rows = items.map((item) => sql`(${item.seq}, ${sqliteDocument(item.ownerId, documentText(item.doc))})`);
    await sql`insert into ticket_search (rowid, body) values ${sql.join(rows)}`.execute(db);
  } else {
    const rows = items.map((item) => sql`(${item.seq}::bigint, ${documentText(item.doc)})`);
    await sql`update tickets as t set search_vector = to_tsvector('simple', v.body)
      from (values ${sql.join(rows)}) as v(seq, body) where t.seq = v.seq`.execute(db);
  }
}

export async function unindexTicket(db: Kysely<Schema>, engine: Engine, seq: number): Promise<void> {
  if (engine === 'sqlite') await sql`delete from ticket_search where rowid = ${seq}`.execute(db);
  // PostgreSQL: the vector lives on the ticket row and goes with it.
}

export interface SearchCursor {
  rank: number;
  seq: number;
  /** Lowest seq inside the ranking window, fixed on the first page so later pages rank the same set. */
  floor: number;
}

export interface SearchPage {
  hits: { seq: number; rank: number }[];
  floor: number;
}

/**
 * One page of the owner's tickets matching every term (as word prefixes), best first. Relevance
 * covers the RANK_WINDOW most recent matches (all of them for any but the most common words):
 * ranking every one of 300,000 matches of a word like "order" would cost seconds, and for such
 * words the recent tickets are the ones wanted. Keyset position: (rank, seq).
 */
export async function searchTicketSeqs(
  db: Kysely<Schema>,
  engine: Engine,
  ownerId: string,
  terms: string[],
  statuses: string[] | null,
  limit: number,
  cursor: SearchCursor | null,
): Promise<SearchPage> {
  const statusFilter = statuses ? sql`and t.status in (${sql.join(statuses)})` : sql``;
  if (engine === 'sqlite') {
    const prefix = ownerPrefix(ownerId);
    const match = terms.map((term) => `"${prefix}${term}"*`).join(' AND ');
    const floor = cursor?.floor ?? (await sql<{ seq: number }>`
      select rowid as seq from ticket_search where ticket_search match ${match}
      order by rowid desc limit 1 offset ${RANK_WINDOW - 1}`.execute(db)).rows[0]?.seq ?? 0;
    const after = cursor ? sql`and (s.rank > ${cursor.rank} or (s.rank = ${cursor.rank} and t.seq > ${cursor.seq}))` : sql``;
    const result = await sql<{ seq: number; rank: number }>`
      select t.seq as seq, s.rank as rank
      from ticket_search s join tickets t on t.seq = s.rowid
      where ticket_search match ${match} and s.rowid >= ${floor} and t.owner_id = ${ownerId} ${statusFilter} ${after}
      order by s.rank, t.seq
      limit ${limit}`.execute(db);
    return { hits: result.rows, floor };
  }
  // ts_rank is "higher is better"; negate it so both engines order ascending.
  const query = terms.map((term) => `${term}:*`).join(' & ');
  const floor = cursor?.floor ?? (await sql<{ seq: number }>`
    select seq from tickets where owner_id = ${ownerId} and search_vector @@ to_tsquery('simple', ${query})
    order by seq desc limit 1 offset ${RANK_WINDOW - 1}`.execute(db)).rows[0]?.seq ?? 0;
  const after = cursor ? sql`and (-ts_rank(t.search_vector, q)::float8 > ${cursor.rank} or (-ts_rank(t.search_vector, q)::float8 = ${cursor.rank} and t.seq > ${cursor.seq}))` : sql``;
  const result = await sql<{ seq: number; rank: number }>`
    select t.seq as seq, -ts_rank(t.search_vector, q)::float8 as rank
    from tickets t, to_tsquery('simple', ${query}) q
    where t.owner_id = ${ownerId} and t.search_vector @@ q and t.seq >= ${floor} ${statusFilter} ${after}
    order by rank, t.seq
    limit ${limit}`.execute(db);
  return { hits: result.rows, floor };
}
