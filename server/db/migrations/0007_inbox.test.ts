import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { testEngines } from '../../test/app.js';
import { openScratch } from '../../test/scratch-database.js';
import { migrateTo, migrateToLatest } from '../migrate.js';

for (const engine of testEngines()) {
  it(`0007_inbox upgrades existing conversations: open, unassigned, visitor messages counted [${engine}]`, async () => {
    const { database, cleanup } = await openScratch(engine);
    try {
      await migrateTo(database, '0006_teams');
      const db = database.db as any;
      const now = Date.now();
      await db.insertInto('users').values({ id: 'u1', email: 'a@example.com', name: 'A', password_hash: 'x', site_key: 'site_1', created_at: now }).execute();
      await db.insertInto('conversations').values({
        id: 'c1', owner_id: 'u1', visitor_token_hash: 'h', visitor_name: null, visitor_email: null, page_url: null, country: null,
        last_message_body: 'b', last_message_author: 'visitor', created_at: now, updated_at: now,
      }).execute();
      const message = (id: string, author: string, at: number) => ({ id, owner_id: 'u1', conversation_id: 'c1', author, author_user_id: author === 'owner' ? 'u1' : null, body: id, created_at: at });
      await db.insertInto('messages').values([message('m1', 'visitor', now), message('m2', 'owner', now + 1), message('m3', 'visitor', now + 2)]).execute();

      await migrateToLatest(database);
      const row = await db.selectFrom('conversations').selectAll().where('id', '=', 'c1').executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'open', assignee_id: null, visitor_browser: null, visitor_os: null, visitor_locale: null, visitor_message_count: 2 });
      // The status is checked by the database too.
      await expect(sql`update conversations set status = 'closed' where id = 'c1'`.execute(database.db)).rejects.toThrow();
    } finally {
      await cleanup();
    }
  });
}
