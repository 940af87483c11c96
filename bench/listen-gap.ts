import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import pg from 'pg';
import { openDatabase } from '../server/db/database.js';
import { PostgresEventBus } from '../server/realtime/postgres-bus.js';
import type { LiveEvent } from '../server/realtime/events.js';
import { createScratchDatabase, postgresAdminUrl } from '../server/test/postgres.js';

/**
 * The live-event gap when a server's LISTEN connection is lost: two buses (servers A and B) on one scratch
 * PostgreSQL database; B publishes an event every millisecond; A's LISTEN backend is terminated
 * (pg_terminate_backend), or the database refuses connections for a while (an outage). Reports, per
 * run, the time from the fault (or the end of the outage) to A's `resync` and how many of B's events A missed.
 *
 *   npx tsx bench/listen-gap.ts [runs=20] [outageMs=6000]
 */
const runs = Number(process.argv[2] ?? 20);
const outageMs = Number(process.argv[3] ?? 6000);

const scratch = await createScratchDatabase();
const database = openDatabase({ engine: 'postgres', url: scratch.url });
const log = pino({ level: 'silent' });
const a = await PostgresEventBus.start({ url: scratch.url, db: database.db, log });
const b = await PostgresEventBus.start({ url: scratch.url, db: database.db, log });
const admin = new pg.Client({ connectionString: postgresAdminUrl() });
await admin.connect();
const dbName = new URL(scratch.url).pathname.slice(1);

let sent = 0;
const seen = new Set<number>();
let resyncAt = 0;
a.onOwner('gap', (event: LiveEvent) => {
  if (event.type === 'resync') resyncAt = performance.now();
  else seen.add(event.data.n as number);
});
const publisher = setInterval(() => b.toOwner('gap', { type: 'message.created', data: { n: sent++ } }), 1);

async function measure(fault: () => Promise<number>): Promise<{ gapMs: number; missed: number }> {
  await sleep(200);
  resyncAt = 0;
  const firstSent = sent;
  const faultEnd = await fault();
  while (!resyncAt) await sleep(1);
  const gapMs = resyncAt - faultEnd;
  await sleep(300);
  const lastSent = sent;
  await sleep(300); // everything sent up to lastSent has arrived by now
  let missed = 0;
  for (let n = firstSent; n < lastSent; n++) if (!seen.has(n)) missed++;
  return { gapMs, missed };
}

const terminate = async () => {
  const pid = a.listenerProcessId;
  const at = performance.now();
  await admin.query('select pg_terminate_backend($1)', [pid]);
  return at;
};

const outage = async () => {
  const pid = a.listenerProcessId;
  await admin.query(`alter database ${dbName} allow_connections false`);
  await admin.query('select pg_terminate_backend($1)', [pid]);
  await sleep(outageMs);
  await admin.query(`alter database ${dbName} allow_connections true`);
  return performance.now();
};

const results = [];
for (let i = 0; i < runs; i++) results.push(await measure(terminate));
const gaps = results.map((r) => r.gapMs).sort((x, y) => x - y);
const pick = (q: number) => gaps[Math.min(gaps.length - 1, Math.floor(q * gaps.length))]!.toFixed(0);
console.log(`pg_terminate_backend of the LISTEN backend, ${runs} runs: fault → resync median ${pick(0.5)} ms, p95 ${pick(0.95)} ms, max ${pick(1)} ms; ` +
  `events missed per run (B publishes 1/ms) median ${results.map((r) => r.missed).sort((x, y) => x - y)[Math.floor(runs / 2)]}`);
const long = await measure(outage);
console.log(`database refusing connections for ${outageMs} ms: end of outage → resync ${long.gapMs.toFixed(0)} ms; events missed ${long.missed} (every one followed by a resync)`);

clearInterval(publisher);
await a.close();
await b.close();
await admin.end();
await database.close();
await scratch.drop();
