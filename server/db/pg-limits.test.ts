import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, testEngines, type TestApp } from '../test/app.js';
import { createOwner, type TestOwner } from '../test/factories.js';
import { isDatabaseUnavailable } from './database.js';

/** Bounded waits on PostgreSQL, against a lock really held by a second connection. */
describe.skipIf(!testEngines().includes('postgres'))('PostgreSQL waits are bounded', () => {
  let t: TestApp;
  let owner: TestOwner;
  let blocker: pg.Client;

  beforeAll(async () => {
    t = await createTestApp('postgres', { DB_LOCK_TIMEOUT_MS: '400', DB_STATEMENT_TIMEOUT_MS: '800', DB_ACQUIRE_TIMEOUT_MS: '600', READINESS_TIMEOUT_MS: '1000' });
    owner = await createOwner(t);
    blocker = new pg.Client({ connectionString: (t.config.database as { url: string }).url });
    await blocker.connect();
  });
  afterAll(async () => {
    await blocker?.end().catch(() => {});
    await t?.close();
  });

  it('ends a statement past statement_timeout with an error the API answers as 503', async () => {
    const error = await sql`select pg_sleep(5)`.execute(t.app.db).then(() => null, (e: unknown) => e);
    expect((error as { code?: string }).code).toBe('57014');
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it('answers 503 database_unavailable with Retry-After while a second connection holds a lock; /healthz answers meanwhile', async () => {
    await blocker.query('begin');
    // /api/me reads the users table (its credential may come from the in-process actor cache, so locking
    // sessions alone would not block it); this lock blocks it.
    await blocker.query('lock table sessions, users in access exclusive mode');
    try {
      const blocked = t.app.inject({ method: 'GET', url: '/api/me', headers: owner.headers });
      const health = await t.app.inject({ method: 'GET', url: '/healthz' });
      expect(health.statusCode).toBe(200);
      const response = await blocked;
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBe('5');
      expect(json(response).error.code).toBe('database_unavailable');
    } finally {
      await blocker.query('rollback');
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: owner.headers })).statusCode).toBe(200);
  });

  it('answers 503 when the pool is exhausted, while /healthz still answers and /readyz says not ready', async () => {
    await blocker.query('begin');
    await blocker.query('lock table sessions, users in access exclusive mode');
    try {
      // 30 requests for a pool of 10: ten wait on the lock, the rest wait for a client.
      const requests = Array.from({ length: 30 }, () => t.app.inject({ method: 'GET', url: '/api/me', headers: owner.headers }));
      const health = await t.app.inject({ method: 'GET', url: '/healthz' });
      expect(health.statusCode).toBe(200);
      const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.headers['retry-after']).toBe('5');
      expect(json(ready).error).toMatchObject({ code: 'not_ready', database: 'unavailable', storage: 'ok' });
      const responses = await Promise.all(requests);
      expect(responses.map((r) => r.statusCode)).toEqual(Array(30).fill(503));
      for (const response of responses) expect(json(response).error.code).toBe('database_unavailable');
    } finally {
      await blocker.query('rollback');
    }
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });
});
