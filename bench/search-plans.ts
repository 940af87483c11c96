/**
 * PostgreSQL search plans with stale statistics (issue 20), before and after migration 0016.
 * Loads a workspace's first tickets, ANALYZEs (the planner now believes the workspace is small), then
 * bulk-loads N more tickets WITHOUT analyze (autovacuum off on tickets, so nothing refreshes the
 * statistics meanwhile) — the state right after an import. Prints EXPLAIN ANALYZE timings of the search
 * statements for a rare word, a common word and the prefix of a common word:
 * - before: the queries as they were (owner_id = $1, GIN on search_vector alone; probes per term);
 * - after: migration 0016 applied (btree_gin index on ((owner_id || ''), search_vector)), still without
 *   ANALYZE: the statements findSearchWindow runs now (captured as it runs them), and its wall time;
 * - then the same after ANALYZE (what migrateToLatest does after applying migrations).
 *
 *   npx tsx bench/search-plans.ts [count]      (default 100000)
 */
import { Kysely, PostgresDialect, sql, type CompiledQuery } from 'kysely';
import pg from 'pg';
import { openDatabase, type Database } from '../server/db/database.js';
import { migrateTo } from '../server/db/migrate.js';
import { findSearchWindow, RANK_WINDOW, searchTerms } from '../server/db/search.js';
import type { Schema } from '../server/db/schema.js';
import { createScratchDatabase } from '../server/test/postgres.js';

const count = Number(process.argv[2] ?? 100_000);
const OWNER = 'owner-big';
const OTHERS = ['owner-a', 'owner-b', 'owner-c'];
const SEARCHES = { rare: 'quokka', common: 'customer', prefix: 'cust' };

/**
 * Tickets `from`..`to` of `owner`: every ticket has "customer" (a common word) and filler words; one in
 * 5,000 has the rare word "quokka". The vector is built by 'simple' (lower-cased words, as the app's).
 */
async function loadTickets(database: Database, owner: string, from: number, to: number): Promise<void> {
  const now = Date.now();
  await sql`insert into tickets (id, owner_id, number, title, status, notes, version, source_type, created_at, updated_at, priority, search_vector)
    select ${owner} || '-' || i, ${owner}, i, 'Ticket ' || i, 'new', n.notes, 1, null, ${now}::bigint + i, ${now}::bigint + i, 1, to_tsvector('simple', n.notes)
    from generate_series(${from}::bigint, ${to}::bigint) as i,
      lateral (select 'customer order ' || (array['parcel', 'refund', 'invoice', 'delivery', 'account'])[1 + i % 5]
        || ' late item' || (i % 97) || case when i % 5000 = 0 then ' quokka' else '' end as notes) as n`.execute(database.db);
  await sql`insert into ticket_counters (owner_id, last_number) values (${owner}, ${to})
    on conflict (owner_id) do update set last_number = excluded.last_number`.execute(database.db);
}

async function explain(database: Database, statement: ReturnType<typeof sql>): Promise<string> {
  const compiled = statement.compile(database.db);
  const result = await database.db.executeQuery({ ...compiled, sql: `explain (analyze, format json) ${compiled.sql}` });
  const plan = (result.rows[0] as { 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number }] })['QUERY PLAN'][0];
  return `${plan['Execution Time'].toFixed(1)} ms (${describe(plan.Plan)})`;
}

interface PlanNode { 'Node Type': string; 'Index Name'?: string; Plans?: PlanNode[] }

/** The plan's scan nodes, e.g. "Index Scan Backward tickets_owner_number_unique". */
function describe(node: PlanNode): string {
  const scans: string[] = [];
  const walk = (n: PlanNode) => {
    if (/Scan/.test(n['Node Type'])) scans.push(`${n['Node Type']}${n['Index Name'] ? ` ${n['Index Name']}` : ''}`);
    n.Plans?.forEach(walk);
  };
  walk(node);
  return [...new Set(scans)].join(', ');
}

/** The statements before migration 0016: one probe per word term, then the window. */
function beforeStatements(term: string, common: boolean) {
  return {
    probe: sql`select seq from tickets where owner_id = ${OWNER} and search_vector @@ ${`'${term}'`}::tsquery limit 1 offset ${RANK_WINDOW - 1}`,
    window: sql`select seq, ${common ? sql`-seq::float8` : sql`-ts_rank(search_vector, ${`'${term}':*`}::tsquery)::float8`} as rank from tickets
      where owner_id = ${OWNER} and search_vector @@ ${common ? `'${term}'` : `'${term}':*`}::tsquery order by number desc limit ${RANK_WINDOW}`,
  };
}

/** findSearchWindow's statements as it runs them (captured through Kysely's log hook), each EXPLAIN ANALYZEd. */
async function explainApp(url: string, term: string): Promise<string> {
  const captured: CompiledQuery[] = [];
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }), log: (event) => { captured.push(event.query); } });
  try {
    await findSearchWindow(db, 'postgres', OWNER, searchTerms(term), null);
    const parts: string[] = [];
    const statements = [...captured];
    for (const [i, query] of statements.entries()) {
      const result = await db.executeQuery({ ...query, sql: `explain (analyze, format json) ${query.sql}` });
      const plan = (result.rows[0] as { 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number }] })['QUERY PLAN'][0];
      parts.push(`${i === statements.length - 1 ? 'window' : 'probe'} ${plan['Execution Time'].toFixed(1)} ms (${describe(plan.Plan)})`);
    }
    return parts.join('; ');
  } finally {
    await db.destroy();
  }
}

async function main(): Promise<void> {
  const scratch = await createScratchDatabase();
  const database = openDatabase({ engine: 'postgres', url: scratch.url });
  try {
    await migrateTo(database, '0015_webhooks');
    await sql`alter table tickets set (autovacuum_enabled = false)`.execute(database.db);
    const now = Date.now();
    for (const id of [OWNER, ...OTHERS]) {
      await database.db.insertInto('users').values({ id, email: `${id}@example.com`, name: id, password_hash: 'x', site_key: `site-${id}`, created_at: now }).execute();
    }
    // Statistics taken while the big workspace was small...
    await loadTickets(database, OWNER, 1, 100);
    for (const other of OTHERS) await loadTickets(database, other, 1, 5_000);
    await sql`analyze`.execute(database.db);
    // ...then the import, not analyzed.
    const started = Date.now();
    await loadTickets(database, OWNER, 101, count);
    console.log(`${count} tickets loaded in ${((Date.now() - started) / 1000).toFixed(1)} s (statistics from when the workspace had 100; not analyzed since)`);
    const estimate = await sql<{ plan: string }>`explain select 1 from tickets where owner_id = ${OWNER}`.execute(database.db);
    console.log(`planner's estimate of the workspace's tickets: ${Object.values(estimate.rows[0]!)[0]}\n`);

    console.log('before (GIN on search_vector; owner_id = $1):');
    for (const [label, term] of Object.entries(SEARCHES)) {
      const statements = beforeStatements(term, label === 'common');
      console.log(`  ${label} "${term}": probe ${await explain(database, statements.probe)}; window ${await explain(database, statements.window)}`);
    }
    await migrateTo(database, '0016_search_owner_gin');
    console.log('\nafter migration 0016 (GIN on ((owner_id || \'\'), search_vector)), still not analyzed:');
    for (const [label, term] of Object.entries(SEARCHES)) {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        await findSearchWindow(database.db, 'postgres', OWNER, searchTerms(term), null);
        times.push(performance.now() - t0);
      }
      const median = times.sort((a, b) => a - b)[2]!;
      console.log(`  ${label} "${term}": ${await explainApp(scratch.url, term)}; findSearchWindow median of 5: ${median.toFixed(1)} ms`);
    }
    await sql`analyze`.execute(database.db);
    console.log('\nafter ANALYZE:');
    for (const [label, term] of Object.entries(SEARCHES)) console.log(`  ${label} "${term}": ${await explainApp(scratch.url, term)}`);
  } finally {
    await database.close();
    await scratch.drop();
  }
}

await main();
