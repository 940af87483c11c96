import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { testEngines } from '../../test/app.js';
import { openScratch } from '../../test/scratch-database.js';
import { migrateTo, migrateToLatest } from '../migrate.js';
import { SEARCH_PENDING_LIST_KB } from './0019_search_pending_list.js';

if (testEngines().includes('postgres')) {
  it('0019_search_pending_list bounds the search index pending list on an existing database [postgres]', async () => {
    const { database, cleanup } = await openScratch('postgres');
    try {
      await migrateTo(database, '0018_unlogged_rate_limits');
      const options = async () => (await sql<{ reloptions: string[] | null }>`select reloptions from pg_class where relname = 'tickets_owner_search_idx'`.execute(database.db)).rows[0]?.reloptions ?? [];
      expect(await options()).toEqual([]);
      await migrateToLatest(database);
      // Still GIN's pending list (writes keep their batching), only shorter than the 4 MB default.
      expect(await options()).toEqual([`gin_pending_list_limit=${SEARCH_PENDING_LIST_KB}`]);
    } finally {
      await cleanup();
    }
  });
}
