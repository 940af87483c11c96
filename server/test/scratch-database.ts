import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database, type Engine } from '../db/database.js';
import { createScratchDatabase } from './postgres.js';

/**
 * An empty, unmigrated database (a SQLite file in a temp dir, or a fresh PostgreSQL database), for tests
 * that migrate step by step (upgrade tests start from an older schema with `migrateTo`).
 */
export async function openScratch(engine: Engine): Promise<{ database: Database; cleanup: () => Promise<void> }> {
  if (engine === 'postgres') {
    const scratch = await createScratchDatabase();
    const database = openDatabase({ engine: 'postgres', url: scratch.url });
    return { database, cleanup: async () => { await database.close(); await scratch.drop(); } };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-migrate-'));
  const database = openDatabase({ engine: 'sqlite', file: path.join(dir, 'db.sqlite') });
  return { database, cleanup: async () => { await database.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}
