import { sql, type Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * PostgreSQL: a short pending list for the search index (issue 20). GIN adds new entries to an unsorted
 * pending list that every search reads whole, until a write finds it past `gin_pending_list_limit` (4 MB by
 * default) and merges it into the index, or (auto)vacuum does. At 1M tickets a 2.8 MB list (what the
 * benchmark's bulk load left) cost each rare-word search ~1.5 ms of backend CPU, a third of its cost. At
 * 512 kB the list stays short while writes keep most of its batching: with no pending list at all
 * (`fastupdate = off`) a ticket creation cost +0.35 ms of backend CPU. What is pending now is merged here,
 * once. SQLite: nothing (FTS5 segments, merged by the maintenance worker).
 */
export const SEARCH_PENDING_LIST_KB = 512;

export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  if (engine !== 'postgres') return;
  await sql`alter index tickets_owner_search_idx set (gin_pending_list_limit = ${sql.raw(String(SEARCH_PENDING_LIST_KB))})`.execute(db);
  await sql`select gin_clean_pending_list('tickets_owner_search_idx'::regclass)`.execute(db);
}
