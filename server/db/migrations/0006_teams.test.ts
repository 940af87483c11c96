import { expect, it } from 'vitest';
import { sql } from 'kysely';
import { findSessionActor, findTokenActor } from '../../commands/accounts.js';
import { hashSecret } from '../../lib/ids.js';
import { testEngines } from '../../test/app.js';
import { openScratch } from '../../test/scratch-database.js';
import { migrateTo, migrateToLatest } from '../migrate.js';

for (const engine of testEngines()) {
  it(`0006_teams upgrades an existing database: owners keep their workspace, sessions and tokens keep working [${engine}]`, async () => {
    const { database, cleanup } = await openScratch(engine);
    try {
      await migrateTo(database, '0005_attachments');
      const db = database.db as any;
      const now = Date.now();
      await db.insertInto('users').values({ id: 'u1', email: 'a@example.com', name: 'A', password_hash: 'x', site_key: 'site_1', created_at: now }).execute();
      await db.insertInto('sessions').values({ id: hashSecret('s_old'), user_id: 'u1', created_at: now, expires_at: now + 86_400_000 }).execute();
      await db.insertInto('api_tokens').values({ id: 't1', owner_id: 'u1', user_id: 'u1', name: 'ci', token_hash: hashSecret('fm_old'), created_at: now, last_used_at: null }).execute();

      await migrateToLatest(database);
      expect(await findSessionActor(database.db, 's_old')).toEqual({ userId: 'u1', ownerId: 'u1', role: 'owner', credentialId: hashSecret('s_old') });
      expect(await findTokenActor(database.db, 'fm_old')).toEqual({ userId: 'u1', ownerId: 'u1', role: 'owner', credentialId: 't1' });
      const members = await database.db.selectFrom('workspace_members').selectAll().execute();
      expect(members).toEqual([{ owner_id: 'u1', user_id: 'u1', role: 'owner', created_at: now, last_active_at: now, submissions_seen_at: null }]);
      // The rebuilt sessions table still refuses a session without a workspace.
      await expect(sql`insert into sessions (id, user_id, created_at, expires_at) values ('x', 'u1', 1, 2)`.execute(database.db)).rejects.toThrow();
    } finally {
      await cleanup();
    }
  });
}
