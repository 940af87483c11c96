import { sql, type Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * PostgreSQL search plans that do not depend on fresh statistics (issue 20). The search used the GIN
 * index on `search_vector` and filtered by `owner_id`; after a bulk load without ANALYZE the planner
 * believed an owner had a few dozen tickets and walked the owner's btree index instead, checking every
 * one of its tickets' vectors (828 ms for a rare word at 100k). Now the owner is INSIDE the GIN index
 * (btree_gin makes text equality GIN-indexable) as the expression `owner_id || ''`, which is what the
 * search query filters on (server/db/search.ts): no btree index matches that expression, so the plan is
 * this index whatever the statistics say. The old search-only GIN index goes.
 * SQLite: nothing (FTS5 words carry the workspace prefix already).
 */
export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  if (engine !== 'postgres') return;
  await sql`create extension if not exists btree_gin`.execute(db);
  await sql`create index tickets_owner_search_idx on tickets using gin ((owner_id || ''), search_vector)`.execute(db);
  await sql`drop index if exists tickets_search_idx`.execute(db);
}
