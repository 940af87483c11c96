/**
 * SQLite search window timings (issue 20's common-prefix rule): N tickets of one workspace, indexed
 * through indexTicketsBulk as the app indexes them, then findSearchWindow (the probe statement and the
 * window) timed for a rare word, a common word and the prefix of a common word (median of 5 after one
 * warm-up run). Same words as bench/search-plans.ts.
 *
 *   npx tsx bench/search-sqlite.ts [count]      (default 100000)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../server/db/database.js';
import { migrateToLatest } from '../server/db/migrate.js';
import { findSearchWindow, indexTicketsBulk, searchTerms } from '../server/db/search.js';

const count = Number(process.argv[2] ?? 100_000);
const OWNER = 'owner-big';
const SEARCHES = { rare: 'quokka', common: 'customer', prefix: 'cust' };
const FILLER = ['parcel', 'refund', 'invoice', 'delivery', 'account'];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-search-sqlite-'));
const database = openDatabase({ engine: 'sqlite', file: path.join(dir, 'db.sqlite') });
try {
  await migrateToLatest(database);
  const { db } = database;
  const now = Date.now();
  await db.insertInto('users').values({ id: OWNER, email: 'big@example.com', name: 'big', password_hash: 'x', site_key: 'site-big', created_at: now }).execute();
  const started = Date.now();
  for (let from = 1; from <= count; from += 500) {
    const rows = Array.from({ length: Math.min(500, count - from + 1) }, (_, k) => {
      const i = from + k;
      return {
        id: `t${i}`, owner_id: OWNER, number: i, title: `Ticket ${i}`, status: 'new' as const,
        notes: `customer order ${FILLER[i % 5]} late item${i % 97}${i % 5000 === 0 ? ' quokka' : ''}`, version: 1, source_type: null,
        conversation_id: null, form_submission_id: null, visitor_name: null, visitor_email: null, created_at: now + i, updated_at: now + i, closed_at: null,
      };
    });
    await db.transaction().execute(async (trx) => {
      const inserted = await trx.insertInto('tickets').values(rows).returning(['seq', 'title', 'notes']).execute();
      await indexTicketsBulk(trx, 'sqlite', inserted.map((r) => ({
        seq: r.seq, ownerId: OWNER, doc: { title: r.title, notes: r.notes, visitorName: null, visitorEmail: null, tags: [], filenames: [], transcript: [] },
      })));
    });
  }
  console.log(`sqlite: ${count} tickets loaded and indexed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (const [label, term] of Object.entries(SEARCHES)) {
    await findSearchWindow(db, 'sqlite', OWNER, searchTerms(term), null);
    const times: number[] = [];
    let hits = 0;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      hits = (await findSearchWindow(db, 'sqlite', OWNER, searchTerms(term), null)).length;
      times.push(performance.now() - t0);
    }
    console.log(`  ${label} "${term}": findSearchWindow median of 5 ${times.sort((a, b) => a - b)[2]!.toFixed(1)} ms (${hits} hits)`);
  }
} finally {
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
