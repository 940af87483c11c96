import { expect, it } from 'vitest';
import { sql } from 'kysely';
import { testEngines } from '../../test/app.js';
import { openScratch } from '../../test/scratch-database.js';
import { findSearchWindow, searchTerms } from '../search.js';
import { migrateTo, migrateToLatest } from '../migrate.js';

for (const engine of testEngines()) {
  it(`0009_tickets_part2 keeps existing tickets whole, backfills transcripts of sources that still exist and reindexes them [${engine}]`, async () => {
    const { database, cleanup } = await openScratch(engine);
    try {
      await migrateTo(database, '0006_teams');
      const db = database.db as any;
      const now = Date.now();
      await db.insertInto('users').values({ id: 'u1', email: 'a@example.com', name: 'Ada', password_hash: 'x', site_key: 'site_1', created_at: now }).execute();
      await db.insertInto('conversations').values({
        id: 'c1', owner_id: 'u1', visitor_token_hash: 'h', visitor_name: 'Jane', visitor_email: null, page_url: null, country: null,
        last_message_body: null, last_message_author: null, created_at: now, updated_at: now,
      }).execute();
      await db.insertInto('messages').values([
        { id: 'm1', owner_id: 'u1', conversation_id: 'c1', author: 'visitor', author_user_id: null, body: 'Kaputte Lieferung, bitte Erstattung', created_at: now },
        { id: 'm2', owner_id: 'u1', conversation_id: 'c1', author: 'owner', author_user_id: 'u1', body: 'On it', created_at: now + 1 },
      ]).execute();
      await db.insertInto('form_submissions').values({
        id: 's1', owner_id: 'u1', form_id: 'f1', form_name: 'Contact', visitor_name: null, visitor_email: null, page_url: null, country: null, created_at: now,
        fields: JSON.stringify([{ name: 'msg', label: 'Message', type: 'textarea', value: 'Rechnung falsch' }]),
      }).execute();
      const ticket = (number: number, source: Record<string, unknown>) => ({
        id: `t${number}`, owner_id: 'u1', number, title: `Ticket ${number}`, status: 'new', notes: '', version: 3,
        visitor_name: null, visitor_email: null, created_at: now, updated_at: now, closed_at: null, assignee_id: null, ...source,
      });
      await db.insertInto('tickets').values([
        ticket(1, { source_type: 'conversation', conversation_id: 'c1', form_submission_id: null }),
        ticket(2, { source_type: 'form_submission', conversation_id: null, form_submission_id: 's1' }),
        ticket(3, { source_type: 'conversation', conversation_id: 'gone', form_submission_id: null }),
      ]).execute();
      await db.insertInto('tags').values({ id: 'g1', owner_id: 'u1', name: 'STRAẞE', name_key: 'straße', created_at: now }).execute();
      await db.insertInto('ticket_tags').values({ owner_id: 'u1', ticket_id: 't3', tag_id: 'g1', created_at: now }).execute();
      await db.insertInto('ticket_activity').values({ id: 'a1', owner_id: 'u1', ticket_id: 't1', actor_id: 'u1', kind: 'created', data: '{}', created_at: now }).execute();

      await migrateToLatest(database);
      const rows = await database.db.selectFrom('tickets').selectAll().orderBy('number').execute();
      expect(rows.map((r) => [r.id, r.version, r.priority, r.due_at, r.visible_to_visitor])).toEqual([['t1', 3, 1, null, 0], ['t2', 3, 1, null, 0], ['t3', 3, 1, null, 0]]);
      expect(JSON.parse(rows[0]!.transcript!)).toEqual({ messages: [
        { author: 'visitor', authorName: 'Jane', body: 'Kaputte Lieferung, bitte Erstattung', createdAt: new Date(now).toISOString() },
        { author: 'owner', authorName: 'Ada', body: 'On it', createdAt: new Date(now + 1).toISOString() },
      ] });
      expect(JSON.parse(rows[1]!.transcript!)).toEqual({ fields: [{ label: 'Message', value: 'Rechnung falsch' }] });
      expect(rows[2]!.transcript).toBeNull();
      // The rebuilt table kept its children (no cascade on SQLite's rebuild) and its references.
      expect(await database.db.selectFrom('ticket_tags').selectAll().execute()).toHaveLength(1);
      expect(await database.db.selectFrom('ticket_activity').selectAll().execute()).toHaveLength(1);
      expect((await database.db.selectFrom('tags').select('name_key').executeTakeFirstOrThrow()).name_key).toBe('strasse');
      // Reindexed: transcripts and the new folding are searchable.
      const hits = async (q: string) => (await findSearchWindow(database.db, engine, 'u1', searchTerms(q), null)).map((h) => h.seq).sort();
      const seqOf = (id: string) => Number(rows.find((r) => r.id === id)!.seq);
      expect(await hits('erstattung')).toEqual([seqOf('t1')]);
      expect(await hits('rechnung')).toEqual([seqOf('t2')]);
      expect(await hits('strasse')).toEqual([seqOf('t3')]);
      // 0017 filled the search vocabulary from the index that 0009 rebuilt: prefixes expand to its words.
      expect(await hits('erstatt')).toEqual([seqOf('t1')]);
      if (engine === 'sqlite') {
        const terms = await sql<{ term: string }>`select term from ticket_search_terms where term like ${'%xrechnung'}`.execute(database.db);
        expect(terms.rows).toHaveLength(1);
      }
      // Still enforced after the rebuild: a hand-made ticket has no source ids at all.
      await expect(sql`insert into tickets (id, owner_id, number, title, status, notes, version, source_type, conversation_id, created_at, updated_at)
        values ('bad', 'u1', 9, 'x', 'new', '', 1, null, 'c1', 1, 1)`.execute(database.db)).rejects.toThrow();
      await expect(sql`delete from users where id = 'u1'`.execute(database.db)).resolves.toBeDefined();
      expect(await database.db.selectFrom('tickets').selectAll().execute()).toEqual([]);
    } finally {
      await cleanup();
    }
  });
}
