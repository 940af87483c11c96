import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { testEngines } from './test/app.js';
import { createScratchDatabase } from './test/postgres.js';
import { startServerProcess } from './test/server-process.js';

/**
 * A server stopped with SIGTERM leaves nothing behind on PostgreSQL: its heartbeat row (and so the
 * presence and visitor socket counts keyed by it) is deleted before the database closes, so the other
 * servers stop counting it at once instead of 30 s later.
 */
describe.skipIf(!testEngines().includes('postgres'))('graceful shutdown (server process, PostgreSQL)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-shutdown-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('removes its live_servers row, closes the database last and exits 0', async () => {
    const scratch = await createScratchDatabase();
    const admin = new pg.Client({ connectionString: scratch.url });
    try {
      await admin.connect();
      const server = await startServerProcess({ DATA_DIR: dataDir, DATABASE_URL: scratch.url });
      expect((await admin.query('select count(*)::int as n from live_servers')).rows[0].n).toBe(1);
      await server.stop();
      expect(await server.exited).toBe(0);
      expect((await admin.query('select count(*)::int as n from live_servers')).rows[0].n).toBe(0);
      expect(server.output()).not.toContain('driver has already been destroyed');
    } finally {
      await admin.end().catch(() => {});
      await scratch.drop();
    }
  }, 120_000);
});
