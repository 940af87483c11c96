import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, SCRIPT_DATABASE_LIMITS, type Database } from './database.js';
import { totalQueries } from './query-counter.js';
import { openSqliteReader } from './sqlite-reader.js';

/** A statement that keeps SQLite busy for a while (counts to n in a recursive CTE). */
const busyCount = (n: number) => sql<{ n: number }>`with recursive c(i) as (select 1 union all select i + 1 from c where i < ${n}) select count(*) as n from c`;

describe('SQLite reader threads', () => {
  let dir: string;
  let database: Database;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-reader-'));
    database = openDatabase({ engine: 'sqlite', file: path.join(dir, 'db.sqlite') }, { ...SCRIPT_DATABASE_LIMITS, sqliteReadThreads: 2 });
  });
  afterEach(async () => {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sees every write committed on the main connection, at once', async () => {
    await sql`create table notes (id integer primary key, body text)`.execute(database.db);
    expect(database.reader).not.toBe(database.db);
    for (let i = 1; i <= 20; i++) {
      await sql`insert into notes (body) values (${`note ${i}`})`.execute(database.db);
      const { rows } = await sql<{ n: number; last: string }>`select count(*) as n, max(body) as last from notes`.execute(database.reader);
      expect(rows[0]!.n).toBe(i);
    }
    const { rows } = await sql<{ id: number; body: string }>`select id, body from notes where id = ${3}`.execute(database.reader);
    expect(rows).toEqual([{ id: 3, body: 'note 3' }]);
  });

  it('keeps the event loop free while a long read runs, and runs reads side by side', async () => {
    let turns = 0;
    let done = false;
    const read = busyCount(3_000_000).execute(database.reader).then((result) => {
      done = true;
      return result;
    });
    while (!done) {
      await nextTurn();
      turns++;
    }
    expect((await read).rows[0]!.n).toBe(3_000_000);
    // On the main connection the same statement answers in one synchronous call: no turn in between.
    expect(turns).toBeGreaterThan(10);

    const both = await Promise.all([busyCount(200_000).execute(database.reader), busyCount(300_000).execute(database.reader)]);
    expect(both.map((r) => r.rows[0]!.n)).toEqual([200_000, 300_000]);
  });

  it('refuses writes, reports SQL errors with their code, and counts its statements', async () => {
    await sql`create table notes (id integer primary key, body text)`.execute(database.db);
    await expect(sql`insert into notes (body) values ('x')`.execute(database.reader)).rejects.toThrow(/only statements that return rows/);
    await expect(sql`select nope from notes`.execute(database.reader)).rejects.toMatchObject({ code: 'SQLITE_ERROR' });
    await expect(database.reader.transaction().execute(async () => 1)).rejects.toThrow(/no transactions/);
    const before = totalQueries();
    await sql`select 1 as one`.execute(database.reader);
    expect(totalQueries() - before).toBe(1);
    const { rows } = await sql<{ n: number }>`select count(*) as n from notes`.execute(database.db);
    expect(rows[0]!.n).toBe(0);
  });

  it('fails the statement that ends its thread (out of memory); the ones queued behind it and the next ones run on a new thread', async () => {
    await sql`create table notes (id integer primary key, body text)`.execute(database.db);
    await sql`insert into notes (body) values ('kept')`.execute(database.db);
    const reader = openSqliteReader(path.join(dir, 'db.sqlite'), { threads: 1, busyTimeoutMs: 1000, maxHeapMb: 16 });
    try {
      // 40 rows of 1 MB strings: more than the thread's 16 MB heap, so V8 ends the thread.
      const huge = sql`with recursive c(i) as (select 1 union all select i + 1 from c where i < 40) select printf('%.*c', 1000000, 'x') as s from c`;
      const queued = sql<{ one: number }>`select 1 as one`;
      const results = await Promise.allSettled([huge.execute(reader.db), queued.execute(reader.db), queued.execute(reader.db)]);
      expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
      expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/reader thread stopped/);
      expect((results[1] as PromiseFulfilledResult<{ rows: unknown[] }>).value.rows).toEqual([{ one: 1 }]);
      const { rows } = await sql<{ body: string }>`select body from notes`.execute(reader.db);
      expect(rows).toEqual([{ body: 'kept' }]);
      expect(reader.threads).toBe(1);
    } finally {
      await reader.close();
    }
  });
});
