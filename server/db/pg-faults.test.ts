import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../test/app.js';
import { createScratchDatabase } from '../test/postgres.js';
import { startServerProcess, type ServerProcess } from '../test/server-process.js';

/**
 * Real faults against the real server process: every backend of the server's database is terminated
 * (pool clients busy with queries and transactions, idle ones, the LISTEN connection) while requests flow.
 */
describe.skipIf(!testEngines().includes('postgres'))('PostgreSQL connection loss under traffic (server process)', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let server: ServerProcess;
  let admin: pg.Client;
  let dataDir: string;
  let cookie = '';
  let siteKey = '';

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-pgfault-'));
    server = await startServerProcess({ DATA_DIR: dataDir, DATABASE_URL: scratch.url, LOGIN_RATE_LIMIT: '100000', PUBLIC_RATE_LIMIT: '1000000' });
    admin = new pg.Client({ connectionString: scratch.url });
    await admin.connect();
    const signup = await fetch(`${server.url}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'fault@example.com', password: 'correct horse battery' }),
    });
    expect(signup.status).toBe(201);
    cookie = signup.headers.getSetCookie().find((c) => c.startsWith('fm_session='))!.split(';')[0]!;
    const me = await (await fetch(`${server.url}/api/me`, { headers: { cookie } })).json();
    siteKey = me.site.key;
  }, 120_000);

  afterAll(async () => {
    await admin?.end().catch(() => {});
    await server?.stop();
    await scratch?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** One request of the mix: a read, a write in a transaction (with NOTIFY), or liveness. */
  async function request(i: number): Promise<Response> {
    if (i % 3 === 0) return fetch(`${server.url}/api/me`, { headers: { cookie } });
    if (i % 3 === 1) {
      return fetch(`${server.url}/api/widget/${siteKey}/conversations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: { body: `hello ${i}` } }),
      });
    }
    return fetch(`${server.url}/healthz`);
  }

  async function terminateServerBackends(): Promise<number> {
    const { rows } = await admin.query(
      'select count(*)::int as n from (select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()) t',
    );
    return rows[0].n as number;
  }

  it('survives 20 of 20 rounds of pg_terminate_backend: 503 + Retry-After during the fault, then recovers by itself', async () => {
    const statuses = new Map<number, number>();
    const unavailable: { code: string; retryAfter: string | null }[] = [];
    for (let round = 0; round < 20; round++) {
      let stop = false;
      // 12 concurrent clients, each sending requests back to back until the round ends.
      const traffic = Array.from({ length: 12 }, async (_, worker) => {
        for (let i = worker; !stop; i += 12) {
          const response = await request(i);
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          const body = await response.text();
          if (response.status === 503) unavailable.push({ code: JSON.parse(body).error.code, retryAfter: response.headers.get('retry-after') });
        }
      });
      await sleep(60);
      const terminated = await terminateServerBackends();
      expect(terminated).toBeGreaterThan(0);
      await sleep(60);
      stop = true;
      await Promise.all(traffic);
      expect(server.child.exitCode, server.output()).toBeNull();

      // Recovery without a restart: the next requests succeed again.
      let recovered = false;
      for (let attempt = 0; attempt < 50 && !recovered; attempt++) {
        recovered = (await fetch(`${server.url}/api/me`, { headers: { cookie } })).status === 200;
        if (!recovered) await sleep(100);
      }
      expect(recovered).toBe(true);
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    }
    expect(server.child.exitCode, server.output()).toBeNull();
    // Nothing but success or a clean 503: never a 500, never a dropped connection (fetch would have thrown).
    expect([...statuses.keys()].every((status) => [200, 201, 503].includes(status)), JSON.stringify([...statuses])).toBe(true);
    for (const answer of unavailable) expect(answer).toEqual({ code: 'database_unavailable', retryAfter: '5' });
    expect(statuses.get(200)).toBeGreaterThan(0);
    expect(statuses.get(201)).toBeGreaterThan(0);
    // The server's LISTEN connection was among the terminated backends and came back.
    let listening = 0;
    for (let attempt = 0; attempt < 150 && listening !== 1; attempt++) {
      if (attempt) await sleep(100);
      const listen = await admin.query("select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = 'floatmessage-live'");
      listening = listen.rows[0].n as number;
    }
    expect(listening).toBe(1);
  }, 180_000);
});
