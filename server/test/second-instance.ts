import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import type { App } from '../types.js';
import type { TestApp } from './app.js';

/** A second server on the same PostgreSQL database (and data dir) as `first`, as in a multi-instance deployment. */
export async function secondInstance(first: TestApp): Promise<{ app: App; close(): Promise<void> }> {
  const config = loadConfig({ DATA_DIR: first.dataDir, DATABASE_URL: (first.config.database as { url: string }).url, PUBLIC_RATE_LIMIT: '100000' });
  const database = openDatabase(config.database);
  const app = await buildApp({ config, database, logger: false });
  await app.ready();
  return { app, close: async () => { await app.close(); await database.close(); } };
}
