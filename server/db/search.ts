import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Engine } from './database.js';
import type { Schema } from './schema.js';
import { documentTokens, type SearchTerm } from './search-text.js';

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
  tags: string[];
  filenames: string[];
  /** The transcript's words (names, bodies, labels, values). */
  transcript: string[];
}

export { searchTerms, type SearchTerm } from './search-text.js';

/** The document's tokens as one space-separated string (tests and diagnostics). */
export function normalizeSearchText(text: string): string {
  return documentTokens(text).join(' ');
}

function documentTokensOf(doc: SearchDocument): string[] {
  return documentTokens([doc.title, doc.notes, doc.visitorName ?? '', doc.visitorEmail ?? '', ...doc.tags, ...doc.filenames, ...doc.transcript].join('\n'));
}

/**
 * PostgreSQL: the tsvector is written literally (token:position…), never through a text-search
 * parser, so it holds exactly the tokens SQLite's FTS5 index holds. Tokens are letters and digits
 * only, so they need no escaping.
 */
function postgresVector(tokens: string[]): string {
  const positions = new Map<string, number[]>();
  tokens.forEach((token, i) => {
    const list = positions.get(token) ?? [];
    // PostgreSQL keeps at most 256 positions per lexeme and positions up to 16383.
    if (list.length < 256) list.push(Math.min(i + 1, 16383));
    positions.set(token, list);
  });
  return [...positions].map(([token, list]) => `'${token}':${[...new Set(list)].join(',')}`).join(' ');
}

/**
 * SQLite: every indexed word carries its workspace's prefix (`o<hash>x<word>`), so a match is
 * scoped to one owner by the index itself — no intersection with a huge per-owner posting list, and
 * document frequencies (relevance) are per workspace. Results are still joined on tickets.owner_id.
 */
function ownerPrefix(ownerId: string): string {
  return `o${createHash('sha256').update(ownerId).digest('hex').slice(0, 16)}x`;
}

function sqliteDocument(ownerId: string, tokens: string[]): string {
  const prefix = ownerPrefix(ownerId);
  return tokens.map((word) => prefix + word).join(' ');
}

/**
 * Search considers the RANK_WINDOW most recent matches, ranked by relevance — unless a word is
 * common (in RANK_WINDOW or more tickets), then by recency. Scoring every one of 900,000
 * matches of a word like "order" costs ~7 µs each (bm25/ts_rank) — seconds on one core; for such
 * words the recent tickets are the ones wanted. Rare words (the usual search) are never cut.
 */
export const RANK_WINDOW = 1000;
/**
 * SQLite: a word already in RANK_WINDOW or more of the workspace's tickets is "common". FTS5 makes
 * common words expensive twice — a prefix query merges every matching term's whole posting list, and
 * bm25 scans the whole list to count documents — about 100 ms for a word in 900,000 tickets, on the
 * one connection every request shares. So a common word is matched as a whole word, and when any term
 * is common the window is ordered by recency (relevance carries no signal for such a word).
 * Probing is cheap: it reads at most RANK_WINDOW postings from the newest end.
 */
async function findSqliteSearchWindow(db: Kysely<Schema>, prefix: string, terms: SearchTerm[], ceiling: number | null): Promise<SearchHit[]> {
  // A phrase (no-space script) is exact already: quoted tokens in one string are adjacent tokens.
  const exact = (term: SearchTerm) => `"${term.kind === 'word' ? prefix + term.text : term.chars.map((char) => prefix + char).join(' ')}"`;
  const common = await Promise.all(terms.map(async (term) => {
    if (term.kind === 'phrase') return false;
    const probe = await sql<{ seq: number }>`
      select rowid as seq from ticket_search where ticket_search match ${exact(term)}
      order by rowid desc limit 1 offset ${RANK_WINDOW - 1}`.execute(db);
    return probe.rows.length > 0;
  }));
  const match = terms.map((term, i) => `${exact(term)}${common[i] || term.kind === 'phrase' ? '' : '*'}`).join(' AND ');
  // Descending rowid with LIMIT lets FTS5 stop after the window; an upper bound seeks directly.
  const below = ceiling !== null ? sql`and rowid <= ${ceiling}` : sql``;
  // Recency order: rank = -seq keeps "lower is better" and the newest first.
  const rank = common.some(Boolean) ? sql`-rowid` : sql`bm25(ticket_search)`;
  const result = await sql<SearchHit>`
    select rowid as seq, ${rank} as rank from ticket_search
    where ticket_search match ${match} ${below}
    order by rowid desc limit ${RANK_WINDOW}`.execute(db);
  return result.rows;
}

/** Writes (or rewrites) a ticket's search document; call inside the transaction that changed it. */
export async function indexTicket(db: Kysely<Schema>, engine: Engine, ticket: { seq: number; ownerId: string }, doc: SearchDocument): Promise<void> {
  const tokens = documentTokensOf(doc);
  if (engine === 'sqlite') {
    await sql`delete from ticket_search where rowid = ${ticket.seq}`.execute(db);
    await sql`insert into ticket_search (rowid, body) values (${ticket.seq}, ${sqliteDocument(ticket.ownerId, tokens)})`.execute(db);
  } else {
    await sql`update tickets set search_vector = ${postgresVector(tokens)}::tsvector where seq = ${ticket.seq}`.execute(db);
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
    const rows = items.map((item) => sql`(${item.seq}, ${sqliteDocument(item.ownerId, documentTokensOf(item.doc))})`);
    await sql`insert into ticket_search (rowid, body) values ${sql.join(rows)}`.execute(db);
  } else {
    const rows = items.map((item) => sql`(${item.seq}::bigint, ${postgresVector(documentTokensOf(item.doc))})`);
    await sql`update tickets as t set search_vector = v.body::tsvector
      from (values ${sql.join(rows)}) as v(seq, body) where t.seq = v.seq`.execute(db);
  }
}

/**
 * PostgreSQL only: the search vector as an expression, for a write that sets it in the same UPDATE
 * as the ticket's other columns (one round trip instead of two).
 */
export function postgresSearchVector(doc: SearchDocument) {
  return sql<string>`${postgresVector(documentTokensOf(doc))}::tsvector`;
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
  terms: SearchTerm[],
  ceiling: number | null,
): Promise<SearchHit[]> {
  if (engine === 'sqlite') return findSqliteSearchWindow(db, ownerPrefix(ownerId), terms, ceiling);
  // Same rule as SQLite (see findSqliteSearchWindow): common words match whole and order by recency.
  // Written as tsquery literals (no parser), like the vectors: `'word':*`, `'a' <-> 'b'` for a phrase.
  const exact = (term: SearchTerm) => (term.kind === 'word' ? `'${term.text}'` : `(${term.chars.map((char) => `'${char}'`).join(' <-> ')})`);
  const common = await Promise.all(terms.map(async (term) => {
    if (term.kind === 'phrase') return false;
    const probe = await sql<{ seq: number }>`
      select seq from tickets where owner_id = ${ownerId} and search_vector @@ ${exact(term)}::tsquery
      limit 1 offset ${RANK_WINDOW - 1}`.execute(db);
    return probe.rows.length > 0;
  }));
  const query = terms.map((term, i) => (common[i] || term.kind === 'phrase' ? exact(term) : `${exact(term)}:*`)).join(' & ');
  const below = ceiling !== null ? sql`and seq <= ${ceiling}` : sql``;
  // ts_rank is "higher is better"; negated so both engines sort ascending.
  const rank = common.some(Boolean) ? sql`-seq::float8` : sql`-ts_rank(search_vector, ${query}::tsquery)::float8`;
  const result = await sql<SearchHit>`
    select seq, ${rank} as rank from tickets
    where owner_id = ${ownerId} and search_vector @@ ${query}::tsquery ${below}
    order by number desc limit ${RANK_WINDOW}`.execute(db);
  return result.rows.map((row) => ({ seq: Number(row.seq), rank: Number(row.rank) }));
}
