import { expect, it } from 'vitest';
import { describeEachEngine, json } from '../test/app.js';
import { createOwner, insertConversation } from '../test/factories.js';
import { newId } from '../lib/ids.js';
import { findSearchWindow, indexTicketsBulk, normalizeSearchText, PREFIX_COMMON, RANK_WINDOW, searchTerms } from './search.js';

describeEachEngine('search ranking window', (t) => {
  it('returns the newest RANK_WINDOW matches of a common word newest first, page by page, without mixing in newer tickets', async () => {
    const owner = await createOwner(t());
    const conversationId = await insertConversation(t(), owner);
    const total = RANK_WINDOW + 100;
    const now = Date.now();
    const rows = Array.from({ length: total }, (_, i) => ({
      id: newId(), owner_id: owner.user.id, number: i + 1, title: `Ticket ${i + 1}`, status: 'new' as const,
      notes: `shipping ${'shipping '.repeat(i % 7)}`, version: 1, source_type: 'conversation' as const, conversation_id: conversationId,
      form_submission_id: null, visitor_name: null, visitor_email: null, created_at: now, updated_at: now, closed_at: null,
    }));
    const { db, database } = t().app;
    for (let i = 0; i < rows.length; i += 500) {
      const batch = rows.slice(i, i + 500);
      const inserted = await db.insertInto('tickets').values(batch).returning(['seq', 'title', 'notes']).execute();
      await indexTicketsBulk(db, database.engine, inserted.map((r) => ({
        seq: r.seq, ownerId: owner.user.id, doc: { title: r.title, notes: r.notes, visitorName: null, visitorEmail: null, tags: [], filenames: [], transcript: [] },
      })));
    }
    await db.insertInto('ticket_counters').values({ owner_id: owner.user.id, last_number: total }).execute();

    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: { number: number }[]; nextCursor: string | null } = json(await t().app.inject({
        method: 'GET', url: `/api/tickets?q=shipping&limit=200${cursor ? `&cursor=${cursor}` : ''}`, headers: owner.headers,
      }));
      seen.push(...page.items.map((item) => item.number));
      cursor = page.nextCursor;
      if (pages++ === 0) {
        // A ticket created after the first page must not shift the window of later pages.
        await t().app.inject({ method: 'POST', url: '/api/tickets', headers: owner.headers, payload: { conversationId, title: 'shipping new' } });
      }
    } while (cursor);
    // A word in RANK_WINDOW or more tickets carries no relevance signal: newest first, and matched as
    // a whole word (the prefix 'shipp' still finds the rare words that start with it).
    expect(seen).toEqual(Array.from({ length: RANK_WINDOW }, (_, i) => total - i));
    const prefix = json(await t().app.inject({ method: 'GET', url: '/api/tickets?q=shipp&limit=1', headers: owner.headers }));
    expect(prefix.items).toHaveLength(1);
  });
});

describeEachEngine('common prefixes', (t) => {
  /** Tickets numbered 1… with these notes (oldest first), indexed in bulk; their seqs. */
  async function insertNotes(ownerId: string, notes: string[]): Promise<number[]> {
    const { db, database } = t().app;
    const now = Date.now();
    const rows = notes.map((text, i) => ({
      id: newId(), owner_id: ownerId, number: i + 1, title: `Ticket ${i + 1}`, status: 'new' as const,
      notes: text, version: 1, source_type: null, conversation_id: null,
      form_submission_id: null, visitor_name: null, visitor_email: null, created_at: now, updated_at: now, closed_at: null,
    }));
    const seqs: number[] = [];
    for (let i = 0; i < rows.length; i += 200) {
      const inserted = await db.insertInto('tickets').values(rows.slice(i, i + 200)).returning(['seq', 'title', 'notes']).execute();
      seqs.push(...inserted.map((r) => Number(r.seq)));
      await indexTicketsBulk(db, database.engine, inserted.map((r) => ({
        seq: r.seq, ownerId, doc: { title: r.title, notes: r.notes, visitorName: null, visitorEmail: null, tags: [], filenames: [], transcript: [] },
      })));
    }
    return seqs;
  }
  const windowOf = (ownerId: string, q: string) => findSearchWindow(t().app.db, t().app.database.engine, ownerId, searchTerms(q), null);
  const byRecency = (hits: { seq: number; rank: number }[]) => hits.map((hit) => hit.seq).join() === [...hits].sort((a, b) => a.rank - b.rank).map((hit) => hit.seq).join();

  it('orders a prefix by recency when its expansion is common among the newest tickets, by relevance when it is not', async () => {
    const owner = await createOwner(t());
    // "customer" in PREFIX_COMMON + 50 tickets, "custard" in 60: the whole words "cust" and "custa" are in none.
    // Older tickets repeat their word more often, so relevance and recency disagree.
    const words = [...Array.from({ length: PREFIX_COMMON + 50 }, () => 'customer'), ...Array.from({ length: 60 }, () => 'custard')];
    const seqs = await insertNotes(owner.user.id, words.map((word, i) => `${word} `.repeat(1 + (words.length - i) % 9)));
    const window = (q: string) => windowOf(owner.user.id, q);
    const newestFirst = byRecency;

    // "cust": every ticket matches through "customer"/"custard" (common prefix) → newest first by rank.
    const common = await window('cust');
    expect(common).toHaveLength(words.length);
    expect(newestFirst(common)).toBe(true);
    expect(common.map((hit) => hit.seq)).toEqual([...seqs].reverse());
    // "custa": only the 60 "custard" tickets (a rare prefix) → ranked by relevance, not by recency.
    const rare = await window('custa');
    expect(rare.map((hit) => hit.seq).sort((a, b) => a - b)).toEqual(seqs.slice(PREFIX_COMMON + 50));
    expect(newestFirst(rare)).toBe(false);
  });

  it('classifies a word absent from the newest tickets by its older matches: rare below PREFIX_COMMON, by recency at or above it', async () => {
    // PostgreSQL settles a prefix that none of the newest tickets has through the GIN index; the classes must be
    // the same as when the whole sample is counted (SQLite, and PostgreSQL for other terms).
    const owner = await createOwner(t());
    const words = [...Array.from({ length: PREFIX_COMMON + 20 }, () => 'heron'), ...Array.from({ length: 80 }, () => 'egret'), ...Array.from({ length: 450 }, () => 'filler')];
    // Older tickets repeat their word more often, so relevance and recency disagree.
    const seqs = await insertNotes(owner.user.id, words.map((word, i) => `${word} `.repeat(1 + (words.length - i) % 9)));
    const heronSeqs = seqs.slice(0, PREFIX_COMMON + 20);
    const egretSeqs = seqs.slice(PREFIX_COMMON + 20, PREFIX_COMMON + 100);
    for (const q of ['heron', 'her']) {
      const hits = await windowOf(owner.user.id, q);
      expect(hits.map((hit) => hit.seq), q).toEqual([...heronSeqs].reverse());
      expect(byRecency(hits), q).toBe(true);
    }
    for (const q of ['egret', 'egr', 'heron egret']) {
      const hits = await windowOf(owner.user.id, q);
      expect(hits.map((hit) => hit.seq).sort((a, b) => a - b), q).toEqual(q === 'heron egret' ? [] : egretSeqs);
      if (hits.length) expect(byRecency(hits), q).toBe(false);
    }
  });

  it('matches a common word whole even when the newest tickets have it only as the start of longer words', async () => {
    // "kestrel" in RANK_WINDOW old tickets, "kestrels" in the newest: a common word (whole, by recency) on both
    // engines; PostgreSQL counts the whole word through the GIN index first, as it is in none of the newest.
    const owner = await createOwner(t());
    const seqs = await insertNotes(owner.user.id, [...Array.from({ length: RANK_WINDOW }, () => 'kestrel'), ...Array.from({ length: 450 }, () => 'kestrels')]);
    const hits = await windowOf(owner.user.id, 'kestrel');
    expect(hits.map((hit) => hit.seq)).toEqual(seqs.slice(0, RANK_WINDOW).reverse());
    // The prefix alone ("kestre") is no word at all: matched as a prefix, newest first, up to the window.
    const prefix = await windowOf(owner.user.id, 'kestre');
    expect(prefix.map((hit) => hit.seq)).toEqual(seqs.slice(-RANK_WINDOW).reverse());
    expect(byRecency(prefix)).toBe(true);
  });

  it('matches a prefix by its words from the vocabulary, or by FTS5 itself past MAX_EXPANSION words, with the same results', async () => {
    const owner = await createOwner(t());
    const other = await createOwner(t());
    const { db, database } = t().app;
    const now = Date.now();
    // 70 words starting "quasar" ("quasar1" … "quasar70"), 3 tickets each, plus one "quasar" word in another workspace.
    const words = Array.from({ length: 70 }, (_, w) => `quasar${w + 1}`).flatMap((word) => [word, word, word]);
    const insert = async (ownerId: string, notes: string[]) => {
      const rows = notes.map((note, i) => ({
        id: newId(), owner_id: ownerId, number: i + 1, title: `Ticket ${i + 1}`, status: 'new' as const, notes: note, version: 1, source_type: null,
        conversation_id: null, form_submission_id: null, visitor_name: null, visitor_email: null, created_at: now, updated_at: now, closed_at: null,
      }));
      const inserted = await db.insertInto('tickets').values(rows).returning(['seq', 'title', 'notes']).execute();
      await indexTicketsBulk(db, database.engine, inserted.map((r) => ({
        seq: r.seq, ownerId, doc: { title: r.title, notes: r.notes, visitorName: null, visitorEmail: null, tags: [], filenames: [], transcript: [] },
      })));
      return inserted.map((r) => ({ seq: Number(r.seq), notes: r.notes }));
    };
    const mine = await insert(owner.user.id, words);
    await insert(other.user.id, ['quasar1 quasarx']);
    const expected = (test: (word: string) => boolean) => mine.filter((r) => test(r.notes)).map((r) => r.seq).sort((a, b) => a - b);
    const found = async (q: string) => (await findSearchWindow(db, database.engine, owner.user.id, searchTerms(q), null)).map((h) => h.seq).sort((a, b) => a - b);
    // 70 words: more than MAX_EXPANSION (50), so FTS5's own prefix match.
    expect(await found('quasar')).toEqual(expected(() => true));
    // 11 words (quasar1, quasar10 … quasar19): matched as those words.
    expect(await found('quasar1')).toEqual(expected((w) => w === 'quasar1' || /^quasar1\d$/.test(w)));
    expect(await found('quasar7')).toEqual(expected((w) => w === 'quasar7' || w === 'quasar70'));
    // The other workspace's word is not in this one's vocabulary (nor its results).
    expect(await found('quasarx')).toEqual([]);
    expect(await found('quasar70 quasar7')).toEqual(expected((w) => w === 'quasar70'));
  });
});

it('normalizes text and queries the same way (case, accents, punctuation)', () => {
  expect(normalizeSearchText('Zoë  Quartermaine <zoe.q@Northwind-Traders.com>')).toBe('zoe quartermaine zoe q northwind traders com');
  expect(searchTerms('  Refund, REFUND  order#88 ')).toEqual([{ kind: 'word', text: 'refund' }, { kind: 'word', text: 'order' }, { kind: 'word', text: '88' }]);
  expect(searchTerms('"*:&|!()')).toEqual([]);
});
