import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { createTestApp, json, testEngines, type TestApp } from '../test/app.js';
import type { App } from '../types.js';
import { databaseLimits, openDatabase } from './database.js';

const LIMITS = { LOGIN_RATE_LIMIT: '4', PUBLIC_RATE_LIMIT: '6' };
const login = (app: App, ip: string) =>
  app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: ip, payload: { email: 'nobody@example.com', password: 'correct horse battery' } });
const publicCall = (app: App, ip: string) =>
  app.inject({ method: 'POST', url: '/api/widget/site_missing/conversations', remoteAddress: ip, payload: { message: { body: 'hi' } } });

describe.skipIf(!testEngines().includes('postgres'))('rate limits shared by two servers on one PostgreSQL database', () => {
  let a: TestApp;
  let b: { app: App; close(): Promise<void> };
  beforeAll(async () => {
    a = await createTestApp('postgres', LIMITS);
    const config = loadConfig({ DATA_DIR: a.dataDir, DATABASE_URL: (a.config.database as { url: string }).url, ...LIMITS });
    const database = openDatabase(config.database, databaseLimits(config.limits));
    const app = await buildApp({ config, database, logger: false });
    await app.ready();
    b = { app, close: async () => { await app.close(); await database.close(); } };
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('counts login attempts across both servers: the fifth gets 429 with Retry-After wherever it lands', async () => {
    const statuses = [];
    for (const app of [a.app, b.app, a.app, b.app]) statuses.push((await login(app, '203.0.113.10')).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401]);
    for (const app of [a.app, b.app]) {
      const limited = await login(app, '203.0.113.10');
      expect(limited.statusCode).toBe(429);
      expect(json(limited).error.code).toBe('rate_limited');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    }
    // Another address has its own count.
    expect((await login(b.app, '203.0.113.11')).statusCode).toBe(401);
  });

  it('counts public API calls across both servers, separately from logins', async () => {
    const statuses = [];
    for (let i = 0; i < 8; i++) statuses.push((await publicCall(i % 2 ? b.app : a.app, '203.0.113.20')).statusCode);
    expect(statuses).toEqual([404, 404, 404, 404, 404, 404, 429, 429]);
    // One shared counter row holds all 8 hits (keys are stored as digests, so request data never reaches SQL text).
    const rows = await sql<{ key: string; count: number }>`select key, count from rate_limits where count = 8`.execute(a.app.db);
    expect(rows.rows).toEqual([{ key: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), count: 8 }]);
  });

  it('keeps the counters out of the write-ahead log (a hot IP must not queue behind fsyncs)', async () => {
    const table = await sql<{ persistence: string }>`select relpersistence as persistence from pg_class where relname = 'rate_limits'`.execute(a.app.db);
    expect(table.rows).toEqual([{ persistence: 'u' }]);
  });
});

describe.runIf(testEngines().includes('sqlite'))('rate limits on SQLite (one process, counted in memory)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', LIMITS);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('limits login attempts per address', async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await login(t.app, '203.0.113.30')).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
  });
});
