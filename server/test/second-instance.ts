import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import type { App } from '../types.js';
import { createTestApp, type TestApp } from './app.js';
import { listenOnce } from './sockets.js';

/** A second server on the same PostgreSQL database (and data dir) as `first`, as in a multi-instance deployment. */
export async function secondInstance(first: TestApp, env: Record<string, string> = {}): Promise<{ app: App; close(): Promise<void> }> {
  const config = loadConfig({ DATA_DIR: first.dataDir, DATABASE_URL: (first.config.database as { url: string }).url, PUBLIC_RATE_LIMIT: '100000', ...env });
  const database = openDatabase(config.database);
  const app = await buildApp({ config, database, logger: false });
  await app.ready();
  return { app, close: async () => { await app.close(); await database.close(); } };
}

export interface TwoServers {
  /** The first server (a test app on a fresh PostgreSQL database). */
  a: TestApp;
  /** A second server on the same database. */
  b: { app: App; close(): Promise<void> };
  /** Both listening on loopback: their ws:// base URLs. */
  baseA: string;
  baseB: string;
  close(): Promise<void>;
}

/** Two listening servers on one fresh PostgreSQL database, as in a multi-instance deployment. */
export async function startTwoServers(env: Record<string, string> = {}): Promise<TwoServers> {
  const a = await createTestApp('postgres', env);
  const b = await secondInstance(a, env);
  const baseA = await listenOnce(a.app);
  const baseB = await listenOnce(b.app);
  return { a, b, baseA, baseB, close: async () => { await b.close(); await a.close(); } };
}
