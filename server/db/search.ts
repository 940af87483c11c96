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

/**
 * Relevance ranking considers the RANK_WINDOW most recent matches. Scoring every one of 900,000
 * matches of a word like "order" costs ~7 µs each (bm25/ts_rank) — seconds on one core; for such
 * words the recent tickets are the ones wanted. Rare words (the usual search) are never cut.
 */
export const RANK_WINDOW = 1000;
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

export interface SearchHit {
  seq: number;
  rank: number;
}

/**
 * The owner's tickets matching every term (as word prefixes), newest first, at most RANK_WINDOW,
 * each with its relevance (lower is better on both engines). `ceiling` (a seq) pins the window for
 * later pages: matches newer than the first page's newest are not mixed in.
 */
export async function findSearchWindow(
  db: Kysely<Schema>,
  engine: Engine,
  ownerId: string,
  terms: string[],
  ceiling: number | null,
): Promise<SearchHit[]> {
  if (engine === 'sqlite') {
    const prefix = ownerPrefix(ownerId);
    const match = terms.map((term) => `"${prefix}${term}"*`).join(' AND ');
    // Descending rowid with LIMIT lets FTS5 stop after the window; an upper bound seeks directly.
    const below = ceiling !== null ? sql`and rowid <= ${ceiling}` : sql``;
    const result = await sql<SearchHit>`
      select rowid as seq, bm25(ticket_search) as rank from ticket_search
      where ticket_search match ${match} ${below}
      order by rowid desc limit ${RANK_WINDOW}`.execute(db);
    return result.rows;
  }
  const query = terms.map((term) => `${term}:*`).join(' & ');
  const below = ceiling !== null ? sql`and seq <= ${ceiling}` : sql``;
  // ts_rank is "higher is better"; negated so both engines sort ascending.
  const result = await sql<SearchHit>`
    select seq, -ts_rank(search_vector, to_tsquery('simple', ${query}))::float8 as rank from tickets
    where owner_id = ${ownerId} and search_vector @@ to_tsquery('simple', ${query}) ${below}
    order by number desc limit ${RANK_WINDOW}`.execute(db);
  return result.rows.map((row) => ({ seq: Number(row.seq), rank: Number(row.rank) }));
}
