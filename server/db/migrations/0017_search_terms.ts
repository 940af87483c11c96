import { sql, type Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * SQLite: the vocabulary of the search index, `ticket_search_terms` (issue 20). A prefix search ("cust")
 * made FTS5 merge the whole posting list of every word starting with it before returning anything: ~100 ms
 * for "customer" in 970,000 of 1M tickets, even for the newest 1,000. Looked up here first, the prefix
 * becomes an OR of its few words, which FTS5 reads lazily, newest first, and stops at the window (~1 ms).
 * Words are kept with their workspace prefix, as in the index; a word whose tickets are gone stays
 * (it then matches nothing). Filled from the index itself (fts5vocab) for what is already indexed.
 * PostgreSQL: nothing (a tsquery prefix reads the GIN index's sorted entries directly).
 */
export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  if (engine !== 'sqlite') return;
  await sql`create table ticket_search_terms (term text primary key) without rowid`.execute(db);
  await sql`create virtual table temp.ticket_search_vocabulary using fts5vocab(main, ticket_search, 'row')`.execute(db);
  await sql`insert into ticket_search_terms (term) select term from temp.ticket_search_vocabulary`.execute(db);
  await sql`drop table temp.ticket_search_vocabulary`.execute(db);
}
