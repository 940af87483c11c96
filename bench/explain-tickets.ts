/**
 * Query plans of the ticket list's sorts and filters at scale: loads N tickets (default 1,000,000)
 * for one owner plus small owners straight into a fresh database, analyzes it, and prints the plan
 * of each page query exactly as the app builds it (ticketPageQuery), first page and a later page.
 *
 *   npx tsx bench/explain-tickets.ts sqlite|postgres [count]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Compilable } from 'kysely';
import { ticketPageQuery, type TicketFilterScope, type TicketSort } from '../server/commands/list-tickets.js';
import { exportTicketsCsv } from '../server/commands/ticket-export.js';
import { LocalEventBus } from '../server/realtime/events.js';
import { openDatabase, type Database, type Engine } from '../server/db/database.js';
import { migrateToLatest } from '../server/db/migrate.js';
import { createScratchDatabase } from '../server/test/postgres.js';

const engine = (process.argv[2] ?? 'sqlite') as Engine;
const count = Number(process.argv[3] ?? 1_000_000);
const OWNER = 'owner-big';
const DAY = 86_400_000;

async function open(): Promise<{ database: Database; cleanup: () => Promise<void> }> {
  if (engine === 'postgres') {
    const scratch = await createScratchDatabase();
    const database = openDatabase({ engine: 'postgres', url: scratch.url });
    return { database, cleanup: async () => { await database.close(); await scratch.drop(); } };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-explain-'));
  const database = openDatabase({ engine: 'sqlite', file: path.join(dir, 'db.sqlite') });
  return { database, cleanup: async () => { await database.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

async function load(database: Database): Promise<void> {
  const { db } = database;
  const now = Date.now();
  const start = now - count * 60_000;
  for (const id of [OWNER, 'owner-small-1', 'owner-small-2']) {
    await db.insertInto('users').values({ id, email: `${id}@example.com`, name: id, password_hash: 'x', site_key: `site-${id}`, created_at: now }).execute();
  }
  // Deterministic pseudo-random columns from the row number: 30% closed, priorities spread, a third with a due date.
  const series = engine === 'sqlite'
    ? sql`with recursive s(i) as (select 1 union all select i + 1 from s where i < ${count}) select i from s`
    : sql`select i::bigint as i from generate_series(1, ${count}) as i`;
  await sql`insert into tickets (id, owner_id, number, title, status, notes, version, source_type, created_at, updated_at, closed_at, priority, due_at)
    select 't' || i, ${OWNER}, i, 'Ticket ' || i,
      case when i % 10 < 3 then 'closed' when i % 2 = 0 then 'new' else 'in_progress' end,
      '', 1, null, cast(${start} as bigint) + i * 60000, cast(${start} as bigint) + ((i * 7919) % ${count}) * 60000,
      case when i % 10 < 3 then cast(${now} as bigint) else null end,
      (i * 31) % 4,
      case when i % 3 = 0 then cast(${now} as bigint) + ((i * 13) % 60 - 30) * cast(${DAY} as bigint) else null end
    from (${series}) as s`.execute(db);
  await sql`insert into tickets (id, owner_id, number, title, status, notes, version, source_type, created_at, updated_at, priority)
    select 's' || i, case when i % 2 = 0 then 'owner-small-1' else 'owner-small-2' end, i, 'Small', 'new', '', 1, null, cast(${now} as bigint), cast(${now} as bigint), 1
    from (${engine === 'sqlite' ? sql`with recursive s(i) as (select 1 union all select i + 1 from s where i < 1000) select i from s` : sql`select i from generate_series(1, 1000) as i`}) as s`.execute(db);
  await sql.raw(engine === 'sqlite' ? 'analyze' : 'analyze tickets').execute(db);
}

async function plan(database: Database, query: Compilable): Promise<string> {
  const compiled = query.compile();
  const prefix = engine === 'sqlite' ? 'explain query plan ' : 'explain ';
  const result = await database.db.executeQuery({ ...compiled, sql: prefix + compiled.sql, query: compiled.query });
  return (result.rows as Record<string, unknown>[]).map((row) => (engine === 'sqlite' ? `  ${String(row.detail)}` : `  ${String(row['QUERY PLAN'])}`)).join('\n');
}

async function main(): Promise<void> {
  const { database, cleanup } = await open();
  try {
    await migrateToLatest(database);
    const started = Date.now();
    await load(database);
    console.log(`${engine}: ${count} tickets loaded and analyzed in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    const actor = { userId: OWNER, ownerId: OWNER, role: 'owner' as const, credentialId: 'x' };
    const base: TicketFilterScope = { status: 'open', assigneeId: undefined, tagId: undefined, priority: undefined, now: Date.now() };
    const cases: [string, TicketFilterScope, TicketSort, 'asc' | 'desc'][] = [
      ['open, sort=number desc (default)', base, 'number', 'desc'],
      ['open, sort=updated desc', base, 'updated', 'desc'],
      ['all, sort=updated asc', { ...base, status: 'all' }, 'updated', 'asc'],
      ['open, sort=priority desc', base, 'priority', 'desc'],
      ['all, sort=priority asc', { ...base, status: 'all' }, 'priority', 'asc'],
      ['open, sort=due asc', base, 'due', 'asc'],
      ['all, sort=due desc', { ...base, status: 'all' }, 'due', 'desc'],
      ['all, sort=created asc', { ...base, status: 'all' }, 'created', 'asc'],
      ['open, priority=urgent, sort=number', { ...base, priority: 3 }, 'number', 'desc'],
      ['all, due=overdue, sort=due', { ...base, status: 'all', due: 'overdue' }, 'due', 'asc'],
      ['all, due=today, sort=due', { ...base, status: 'all', due: 'today' }, 'due', 'asc'],
    ];
    for (const [label, scope, sort, order] of cases) {
      console.log(`${label} — first page:`);
      console.log(await plan(database, ticketPageQuery(database.db, actor, scope, { sort, order }, null, 51)));
      console.log(`${label} — later page (keyset):`);
      console.log(await plan(database, ticketPageQuery(database.db, actor, scope, { sort, order }, { k: sort === 'priority' ? 2 : Date.now(), n: Math.floor(count / 2) }, 51)));
      const t0 = performance.now();
      const rows = await ticketPageQuery(database.db, actor, scope, { sort, order }, null, 51).execute();
      console.log(`  (first page: ${rows.length} rows in ${(performance.now() - t0).toFixed(1)} ms)\n`);
    }
    await measureExport(database, actor);
  } finally {
    await cleanup();
  }
}

await main();

/** Streams the whole export (every ticket, status=all) and reports rows, bytes, time and the heap high-water mark. */
async function measureExport(database: Database, actor: { userId: string; ownerId: string; role: 'owner'; credentialId: string }): Promise<void> {
  const ctx = { db: database.db, reader: database.reader, engine: database.engine, events: new LocalEventBus(), storage: null as never, log: console, webhooks: { wake() {} } };
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  let bytes = 0;
  let lines = 0;
  const started = performance.now();
  for await (const chunk of exportTicketsCsv(ctx, actor, { status: 'all', sort: 'updated', order: 'asc' })) {
    bytes += Buffer.byteLength(chunk);
    lines += chunk.split('\r\n').length - 1;
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`export.csv (status=all, sort=updated): ${lines - 1} rows, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s; `
    + `heap before ${(before / 1e6).toFixed(1)} MB, peak ${(peak / 1e6).toFixed(1)} MB`);
}
