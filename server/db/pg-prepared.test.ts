import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../test/app.js';
import { createScratchDatabase } from '../test/postgres.js';
import { openDatabase, type Database } from './database.js';
import { prepared } from './pg-prepared.js';

describe.skipIf(!testEngines().includes('postgres'))('prepared statements on PostgreSQL (pg-prepared.ts)', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let database: Database;
  beforeAll(async () => {
    scratch = await createScratchDatabase();
    database = openDatabase({ engine: 'postgres', url: scratch.url });
    await sql`create table things (id text primary key, name text not null)`.execute(database.db);
    await sql`insert into things values ('a', 'Anvil'), ('b', 'Bucket')`.execute(database.db);
  });
  afterAll(async () => {
    await database?.close();
    await scratch?.drop();
  });

  /** On one pooled connection: the marked statement, then what that session has prepared. */
  async function runOnOneConnection(id: string) {
    return database.db.connection().execute(async (db) => {
      const { rows } = await prepared(sql<Record<string, unknown>>`select t.* from things t where t.id = ${id}`).execute(db);
      const statements = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(db);
      return { rows, statements: statements.rows.map((r) => r.statement) };
    });
  }

  it('prepares a marked statement once per connection and runs it with new parameters', async () => {
    const first = await runOnOneConnection('a');
    expect(first.rows).toEqual([{ id: 'a', name: 'Anvil' }]);
    expect(first.statements).toEqual([expect.stringContaining('/* prepared */ select t.* from things t')]);
    const second = await runOnOneConnection('b');
    expect(second.rows).toEqual([{ id: 'b', name: 'Bucket' }]);
    expect(second.statements).toHaveLength(1);
    // Unmarked statements stay unnamed.
    await sql`select 1`.execute(database.db);
    expect((await runOnOneConnection('a')).statements).toHaveLength(1);
  });

  it('still answers after another server\'s migration changes the columns of a prepared `t.*`', async () => {
    await runOnOneConnection('a');
    const other = new pg.Client({ connectionString: scratch.url });
    await other.connect();
    await other.query('alter table things add column colour text');
    await other.end();
    const after = await runOnOneConnection('a');
    expect(after.rows).toEqual([{ id: 'a', name: 'Anvil', colour: null }]);
  });
});

describe.skipIf(!testEngines().includes('postgres'))('which ticket views are prepared', () => {
  it('prepares the one-ticket view, never a page of tickets (a generic plan for an id list can walk the owner)', async () => {
    const { createTestApp } = await import('../test/app.js');
    const { createOwner } = await import('../test/factories.js');
    const { selectTicketView, selectTicketViews } = await import('./ticket-view-query.js');
    const t = await createTestApp('postgres');
    try {
      const owner = await createOwner(t);
      const ids: string[] = [];
      for (const title of ['One', 'Two']) {
        ids.push((await t.app.inject({ method: 'POST', url: '/api/tickets', headers: owner.headers, payload: { title } })).json().ticket.id);
      }
      const prepared = await t.app.db.connection().execute(async (db) => {
        await selectTicketViews(db, owner.user.id, ids);
        const afterPage = (await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements`.execute(db)).rows[0]!.n;
        expect((await selectTicketView(db, owner.user.id, ids[0]!))?.title).toBe('One');
        const afterOne = (await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements`.execute(db)).rows[0]!.n;
        return { afterPage, afterOne };
      });
      expect(prepared.afterOne - prepared.afterPage).toBeLessThanOrEqual(1);
      const statements = await t.app.db.connection().execute(async (db) => {
        await selectTicketViews(db, owner.user.id, ids);
        return (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(db)).rows.map((r) => r.statement);
      });
      expect(statements.filter((s) => s.includes('t.id in ($2, $3)'))).toEqual([]);
    } finally {
      await t.close();
    }
  }, 60_000);
});
