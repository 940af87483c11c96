/**
 * SQLite's page cache size against the cost of one ticket's view (selectTicketView: the statement behind
 * GET /api/tickets/{id} and every write path), on the 1M template read-only: the benchmark's 2,000 ticket ids
 * cycled (three warm-up passes), CPU µs per statement through Kysely with the server's statement cache, for cache_size 2 MB (SQLite's default,
 * what the server runs), 16 MB and 64 MB, and the process's RSS after. Generate the template first
 * (`npx tsx bench/run.ts --db sqlite --scale 1m --generate-only`).
 *
 *   npx tsx bench/sqlite-page-cache.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { cachePreparedStatements } from '../server/db/database.js';
import type { Schema } from '../server/db/schema.js';
import { selectTicketView } from '../server/db/ticket-view-query.js';
import { templateDirOf } from './dataset.js';

const template = templateDirOf(path.join(import.meta.dirname, '..'), 'sqlite', 1_000_000);
const meta = JSON.parse(fs.readFileSync(path.join(template, 'meta.json'), 'utf8')) as { ownerId: string; ticketIds: string[] };
const STATEMENTS = 40_000;

for (const cacheMb of [2, 16, 64, 2, 16, 64]) {
  const raw = new SqliteDatabase(path.join(template, 'floatmessage.db'), { readonly: true, fileMustExist: true });
  cachePreparedStatements(raw); // as the server does
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: raw }) });
  await sql.raw(`pragma cache_size = -${cacheMb * 1024}`).execute(db);
  const ids = meta.ticketIds;
  for (let i = 0; i < ids.length * 3; i++) await selectTicketView(db, meta.ownerId, ids[i % ids.length]!);
  const before = process.cpuUsage();
  for (let i = 0; i < STATEMENTS; i++) {
    if (!(await selectTicketView(db, meta.ownerId, ids[i % ids.length]!))) throw new Error(`ticket ${ids[i % ids.length]} missing`);
  }
  const used = process.cpuUsage(before);
  console.log(`cache_size ${cacheMb} MB: ${((used.user + used.system) / STATEMENTS).toFixed(1)} µs CPU per ticket view; RSS ${Math.round(process.memoryUsage().rss / 1048576)} MB`);
  await db.destroy();
}
