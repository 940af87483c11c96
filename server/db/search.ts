import { createHash } from 'node:crypto';
import { sql, type Kysely, type RawBuilder } from 'kysely';
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
 * A prefix (the term as typed, matched as the start of words) is common when its expansion is: when
 * PREFIX_COMMON of the workspace's newest PREFIX_SAMPLE tickets match it (issue 20: "cust" for
 * "customer" — the whole word "cust" is in no ticket, but ranking every ticket that has a word starting
 * with it is what made such searches slow). The probe reads at most PREFIX_SAMPLE tickets and stops at
 * PREFIX_COMMON matches. Both engines sample the same tickets (the newest by number; seq and number grow
 * together within a workspace), so they decide alike.
 */
export const PREFIX_SAMPLE = 4 * RANK_WINDOW;
export const PREFIX_COMMON = RANK_WINDOW / 4;

/**
 * How each term is matched and ranked: `word` — common as a whole word (in RANK_WINDOW or more of the
 * workspace's tickets): matched whole, by recency; `prefix` — common only through its expansion: matched
 * as a prefix, by recency; `rare` — matched as a prefix, by relevance. Phrases are exact, never probed.
 */
type TermClass = 'word' | 'prefix' | 'rare';

function classOf(code: unknown): TermClass {
  const n = Number(code);
  return n === 2 ? 'word' : n === 1 ? 'prefix' : 'rare';
}

/**
 * SQLite: a word already in RANK_WINDOW or more of the workspace's tickets is "common". FTS5 makes
 * common words expensive twice — a prefix query merges every matching term's whole posting list, and
 * bm25 scans the whole list to count documents — about 100 ms for a word in 900,000 tickets, on the
 * one connection every request shares. So a common word is matched as a whole word, and when any term
 * is common (as a word or as a prefix) the window is ordered by recency (relevance carries no signal
 * for such a term). All terms are probed in one statement; a word probe reads at most RANK_WINDOW
 * postings from the newest end, a prefix probe only the newest PREFIX_SAMPLE tickets' rowids.
 */
async function findSqliteSearchWindow(db: Kysely<Schema>, ownerId: string, terms: SearchTerm[], ceiling: number | null): Promise<SearchHit[]> {
  const prefix = ownerPrefix(ownerId);
  // A phrase (no-space script) is exact already: quoted tokens in one string are adjacent tokens.
  const exact = (term: SearchTerm) => `"${term.kind === 'word' ? prefix + term.text : term.chars.map((char) => prefix + char).join(' ')}"`;
  const words = await expandPrefixes(db, terms.map((term) => (term.kind === 'word' ? prefix + term.text : null)));
  // A word's prefix match as its words OR'd (read lazily, newest first) when the vocabulary has few; else FTS5's `*`.
  const startsWith = (term: SearchTerm, i: number) => {
    const expansion = words[i];
    return expansion && expansion.length > 0 ? `(${expansion.map((word) => `"${word}"`).join(' OR ')})` : `${exact(term)}*`;
  };
  const newest = sql`coalesce((select seq from tickets where owner_id = ${ownerId} order by number desc limit 1 offset ${PREFIX_SAMPLE - 1}), 0)`;
  const classes = await classifyTerms(db, terms, (term, i) => sql`case
    when (select count(*) from (select rowid from ticket_search where ticket_search match ${exact(term)}
      order by rowid desc limit 1 offset ${RANK_WINDOW - 1})) > 0 then 2
    when (select count(*) from (select rowid from ticket_search where ticket_search match ${startsWith(term, i)} and rowid >= ${newest}
      order by rowid desc limit ${PREFIX_COMMON})) >= ${PREFIX_COMMON} then 1
    else 0 end`);
  // A rare term keeps FTS5's own prefix match (cheap for it): bm25 then scores the prefix as one term, as before.
  const match = terms.map((term, i) => (classes[i] === 'word' || term.kind === 'phrase' ? exact(term) : classes[i] === 'prefix' ? startsWith(term, i) : `${exact(term)}*`)).join(' AND ');
  // Descending rowid with LIMIT lets FTS5 stop after the window; an upper bound seeks directly.
  const below = ceiling !== null ? sql`and rowid <= ${ceiling}` : sql``;
  // Recency order: rank = -seq keeps "lower is better" and the newest first.
  const rank = classes.some((c) => c !== 'rare') ? sql`-rowid` : sql`bm25(ticket_search)`;
  const result = await sql<SearchHit>`
    select rowid as seq, ${rank} as rank from ticket_search
    where ticket_search match ${match} ${below}
    order by rowid desc limit ${RANK_WINDOW}`.execute(db);
  return result.rows;
}

/** At most this many words stand in for a prefix (more: FTS5's own prefix match). */
const MAX_EXPANSION = 50;

/**
 * SQLite: the indexed words starting with each prefix (null: not a word term), from the vocabulary (migration
 * 0017), one statement for all terms; null too when a prefix has more than MAX_EXPANSION words.
 */
async function expandPrefixes(db: Kysely<Schema>, prefixes: (string | null)[]): Promise<(string[] | null)[]> {
  const asked = prefixes.flatMap((p, i) => (p === null ? [] : [[i, p] as const]));
  if (asked.length === 0) return prefixes.map(() => null);
  // Words sort after their prefix and before the prefix followed by the highest code point.
  const result = await sql<{ i: number; words: string }>`select j.key as i, (select json_group_array(term) from (select term from ticket_search_terms
      where term >= j.value and term < j.value || char(1114111) order by term limit ${MAX_EXPANSION + 1})) as words
    from json_each(${JSON.stringify(Object.fromEntries(asked.map(([i, p]) => [String(i), p])))}) j`.execute(db);
  const expansions: (string[] | null)[] = prefixes.map(() => null);
  for (const row of result.rows) {
    const words = JSON.parse(row.words) as string[];
    expansions[Number(row.i)] = words.length <= MAX_EXPANSION ? words : null;
  }
  return expansions;
}

/** One statement for all the word terms' probes (each a CASE answering 2 = word, 1 = prefix, 0 = rare). */
async function classifyTerms(db: Kysely<Schema>, terms: SearchTerm[], probe: (term: SearchTerm, i: number) => RawBuilder<unknown>): Promise<TermClass[]> {
  const words = terms.flatMap((term, i) => (term.kind === 'word' ? [i] : []));
  if (words.length === 0) return terms.map(() => 'rare');
  const result = await sql<Record<string, unknown>>`select ${sql.join(words.map((i) => sql`${probe(terms[i]!, i)} as ${sql.ref(`t${i}`)}`))}`.execute(db);
  const row = result.rows[0]!;
  return terms.map((term, i) => (term.kind === 'word' ? classOf(row[`t${i}`]) : 'rare'));
}

/** Writes (or rewrites) a ticket's search document; call inside the transaction that changed it. */
export async function indexTicket(db: Kysely<Schema>, engine: Engine, ticket: { seq: number; ownerId: string }, doc: SearchDocument): Promise<void> {
  const tokens = documentTokensOf(doc);
  if (engine === 'sqlite') {
    await sql`delete from ticket_search where rowid = ${ticket.seq}`.execute(db);
    await sql`insert into ticket_search (rowid, body) values (${ticket.seq}, ${sqliteDocument(ticket.ownerId, tokens)})`.execute(db);
    await addSqliteTerms(db, [{ ownerId: ticket.ownerId, tokens }]);
  } else {
    await sql`update tickets set search_vector = ${postgresVector(tokens)}::tsvector where seq = ${ticket.seq}`.execute(db);
  }
}

/** Indexes many tickets at once (bulk loads: benchmarks, imports). */
export async function indexTicketsBulk(
  db: Kysely<Schema>,
  engine: Engine,
  items: { seq: number; ownerId: string; doc: SearchDocument }[],
  /** False only for migrations older than the vocabulary's (0017 fills it from the index). */
  { vocabulary = true }: { vocabulary?: boolean } = {},
): Promise<void> {
  if (items.length === 0) return;
  if (engine === 'sqlite') {
    const documents = items.map((item) => ({ seq: item.seq, ownerId: item.ownerId, tokens: documentTokensOf(item.doc) }));
    const rows = documents.map((d) => sql`(${d.seq}, ${sqliteDocument(d.ownerId, d.tokens)})`);
    await sql`insert into ticket_search (rowid, body) values ${sql.join(rows)}`.execute(db);
    if (vocabulary) await addSqliteTerms(db, documents);
  } else {
    const rows = items.map((item) => sql`(${item.seq}::bigint, ${postgresVector(documentTokensOf(item.doc))})`);
    await sql`update tickets as t set search_vector = v.body::tsvector
      from (values ${sql.join(rows)}) as v(seq, body) where t.seq = v.seq`.execute(db);
  }
}

/** SQLite: the documents' words (with their workspace prefix) into the vocabulary, in one statement (migration 0017). */
async function addSqliteTerms(db: Kysely<Schema>, documents: { ownerId: string; tokens: string[] }[]): Promise<void> {
  const terms = new Set<string>();
  for (const { ownerId, tokens } of documents) {
    const prefix = ownerPrefix(ownerId);
    for (const token of tokens) terms.add(prefix + token);
  }
  if (terms.size === 0) return;
  await sql`insert or ignore into ticket_search_terms (term) select value from json_each(${JSON.stringify([...terms])})`.execute(db);
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
  if (engine === 'sqlite') return findSqliteSearchWindow(db, ownerId, terms, ceiling);
  return findPostgresSearchWindow(db, ownerId, terms, ceiling);
}

/**
 * PostgreSQL, same rules as SQLite (see findSqliteSearchWindow): common words match whole, common words
 * and prefixes order by recency. Written as tsquery literals (no parser), like the vectors: `'word':*`,
 * `'a' <-> 'b'` for a phrase. The plan is chosen here, never by the statistics (issue 20: after a bulk
 * load the planner walked a workspace's every ticket for a rare word):
 * - the probe samples the workspace's newest PREFIX_SAMPLE tickets once (the (owner_id, number) btree,
 *   newest first): whole-word and prefix matches there, and the whole-word total through the GIN index
 *   only when the sample does not settle it; a prefix in none of the newest GATE_SAMPLE tickets is first
 *   counted through the GIN index, and fewer than PREFIX_COMMON matches settle it as rare unsampled;
 * - a term dense among the newest tickets (PREFIX_COMMON or more of the sample) is searched by walking
 *   the workspace's tickets newest first until the window is full (at most ~16 × RANK_WINDOW rows), its
 *   match written so no index serves it (`coalesce(search_vector, …)`);
 * - anything else through the GIN index on ((owner_id || ''), search_vector) (migration 0016): the owner
 *   is matched as that expression, which no btree index serves, so the plan is this index.
 */
/** PostgreSQL: how many of a workspace's newest tickets a dense search reads before falling back to the GIN index. */
const WALK_ROWS = 4 * PREFIX_SAMPLE;
/** PostgreSQL: the newest tickets looked at first; a prefix in none of them may be settled as rare through the GIN index. */
const GATE_SAMPLE = PREFIX_SAMPLE / 10;

async function findPostgresSearchWindow(db: Kysely<Schema>, ownerId: string, terms: SearchTerm[], ceiling: number | null): Promise<SearchHit[]> {
  const exact = (term: SearchTerm) => (term.kind === 'word' ? `'${term.text}'` : `(${term.chars.map((char) => `'${char}'`).join(' <-> ')})`);
  const words = terms.flatMap((term, i) => (term.kind === 'word' ? [i] : []));
  const classes: TermClass[] = terms.map(() => 'rare');
  // Walk newest first only when every term is dense: one rare term (or an unprobed phrase) makes the
  // conjunction rare, and the GIN index answers that (its fast scan skips through the common terms).
  let dense = words.length === terms.length;
  if (words.length > 0) {
    const sampled = (match: string, cap: number, rows = sql`newest`) => sql`(select count(*) from (select 1 from ${rows} where search_vector @@ ${match}::tsquery limit ${cap}) s)`;
    // The term's matches in the whole workspace through the GIN index (on (owner_id || ''), search_vector), up to `cap`.
    const indexed = (match: string, cap: number) => sql`(select count(*) from (select 1 from tickets
      where (owner_id || '') = ${ownerId} and search_vector @@ ${match}::tsquery limit ${cap}) g)`;
    const newestFew = sql`(select search_vector from newest limit ${GATE_SAMPLE}) f`;
    // Per term, each count once (a CTE named twice is computed once), cheapest first:
    // - g: when not one of the newest GATE_SAMPLE tickets has the prefix, its matches in the whole workspace through
    //   the GIN index (cheap for a rare prefix), stopping at PREFIX_COMMON. Fewer than that settle the term as rare
    //   (the sample and the whole word's total are parts of them) with no scan of the sample — ~9.5 ms at 1M, most
    //   of a rare word's search. A prefix in the newest few skips this count: for a dense prefix it would be huge.
    // - p: the prefix count in the sample (it stops at PREFIX_COMMON for a dense term);
    // - w: the whole word's count in the sample, only when the prefix is dense (a word's matches are among its
    //   prefix's: otherwise it is below PREFIX_COMMON, which is all the rules need to know), and not when the whole
    //   word is in none of the newest GATE_SAMPLE tickets and its GIN total (tg) is below RANK_WINDOW: then it cannot
    //   be a common word, and its sample count matters to nothing ("cust": the whole word in no ticket, its count
    //   read all 4,000 sampled vectors);
    // - t: the whole-word total: RANK_WINDOW when the sample reached it, else through the GIN index (tg).
    const counts = words.flatMap((i) => {
      const [word, prefix] = [exact(terms[i]!), `${exact(terms[i]!)}:*`];
      const [g, p, w, t, tg] = [`g${i}`, `p${i}`, `w${i}`, `t${i}`, `tg${i}`].map((name) => sql.ref(name));
      const settled = sql`(select n from ${g}) < ${PREFIX_COMMON}`;
      return [
        sql`${g} as (select case when ${sampled(prefix, 1, newestFew)} = 0 then ${indexed(prefix, PREFIX_COMMON)} else ${PREFIX_COMMON} end as n)`,
        sql`${p} as (select case when ${settled} then (select n from ${g}) else ${sampled(prefix, PREFIX_COMMON)} end as n)`,
        sql`${tg} as (select ${indexed(word, RANK_WINDOW)} as n)`,
        sql`${w} as (select case when (select n from ${p}) < ${PREFIX_COMMON} then 0
          when ${sampled(word, 1, newestFew)} = 0 and (select n from ${tg}) < ${RANK_WINDOW} then 0
          else ${sampled(word, RANK_WINDOW)} end as n)`,
        sql`${t} as (select case when ${settled} then 0 when (select n from ${w}) >= ${RANK_WINDOW} then ${RANK_WINDOW} else (select n from ${tg}) end as n)`,
      ];
    });
    const columns = words.map((i) => sql`(select n from ${sql.ref(`w${i}`)}) as ${sql.ref(`w${i}`)}, (select n from ${sql.ref(`t${i}`)}) as ${sql.ref(`t${i}`)},
      (select n from ${sql.ref(`p${i}`)}) as ${sql.ref(`p${i}`)}`);
    const result = await sql<Record<string, unknown>>`with newest as materialized (
        select search_vector from tickets where owner_id = ${ownerId} order by number desc limit ${PREFIX_SAMPLE}), ${sql.join(counts)}
      select ${sql.join(columns)}`.execute(db);
    const row = result.rows[0]!;
    for (const i of words) {
      const [sampleWord, totalWord, samplePrefix] = [row[`w${i}`], row[`t${i}`], row[`p${i}`]].map(Number) as [number, number, number];
      classes[i] = totalWord >= RANK_WINDOW ? 'word' : samplePrefix >= PREFIX_COMMON ? 'prefix' : 'rare';
      if (!((classes[i] === 'word' && sampleWord >= PREFIX_COMMON) || classes[i] === 'prefix')) dense = false;
    }
  }
  const query = terms.map((term, i) => (classes[i] === 'word' || term.kind === 'phrase' ? exact(term) : `${exact(term)}:*`)).join(' & ');
  const below = ceiling !== null ? sql`and seq <= ${ceiling}` : sql``;
  // ts_rank is "higher is better"; negated so both engines sort ascending.
  const rank = classes.some((c) => c !== 'rare') ? sql`-seq::float8` : sql`-ts_rank(search_vector, ${query}::tsquery)::float8`;
  if (dense) {
    // At most the newest WALK_ROWS tickets, read through the (owner_id, number) btree newest first and
    // matched as they come (a LIMITed subquery: the planner cannot turn it into a sort of the whole
    // workspace, which stale statistics made it do), stopping when the window is full. Complete when
    // the window filled or the workspace is smaller than the sample (the walk saw every ticket).
    const walked = await sql<SearchHit>`
      select seq, -seq::float8 as rank from (select seq, number, search_vector from tickets where owner_id = ${ownerId} ${below}
        order by number desc limit ${WALK_ROWS}) walk
      where search_vector @@ ${query}::tsquery order by number desc limit ${RANK_WINDOW}`.execute(db);
    if (walked.rows.length === RANK_WINDOW || (await countNewest(db, ownerId)) < PREFIX_SAMPLE) {
      return walked.rows.map((row) => ({ seq: Number(row.seq), rank: Number(row.rank) }));
    }
  }
  const result = await sql<SearchHit>`
    select seq, ${rank} as rank from tickets
    where (owner_id || '') = ${ownerId} and search_vector @@ ${query}::tsquery ${below}
    order by number desc limit ${RANK_WINDOW}`.execute(db);
  return result.rows.map((row) => ({ seq: Number(row.seq), rank: Number(row.rank) }));
}

/**
 * PostgreSQL: the workspace's ticket count, up to PREFIX_SAMPLE — asked only when a walk did not fill the window.
 * (The probe used to count its materialized sample for this: ~2,900 more search vectors copied per dense search,
 * 14 ms of its 17 at 1M.)
 */
async function countNewest(db: Kysely<Schema>, ownerId: string): Promise<number> {
  const result = await sql<{ n: string }>`select count(*) as n from (select 1 from tickets where owner_id = ${ownerId} order by number desc limit ${PREFIX_SAMPLE}) c`.execute(db);
  return Number(result.rows[0]!.n);
}
