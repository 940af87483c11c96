import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { lockNamed } from '../db/database.js';
import { createTestApp, describeEachEngine, json, testEngines, type TestApp } from '../test/app.js';
import { createOwner, uniqueEmail } from '../test/factories.js';
import { createInvite } from '../test/team.js';

const signup = (app: TestApp, extra: Record<string, string> = {}) =>
  app.app.inject({ method: 'POST', url: '/api/auth/signup', payload: { email: uniqueEmail(), password: 'correct horse battery', ...extra } });
const policy = async (app: TestApp) => json(await app.app.inject({ method: 'GET', url: '/api/auth/signup-policy' }));

describeEachEngine('accounts: SIGNUP policy', (t) => {
  let app: TestApp | null = null;
  afterEach(async () => {
    await app?.close();
    app = null;
  });

  it('first (the default): only the very first account signs up without an invite; an invite link always works', async () => {
    app = await createTestApp(t().engine, { SIGNUP: '' }); // unset → first
    expect(app.config.signup).toBe('first');
    expect(await policy(app)).toEqual({ policy: 'first', open: true });
    const owner = await createOwner(app);
    expect(await policy(app)).toEqual({ policy: 'first', open: false });

    const refused = await signup(app);
    expect(refused.statusCode).toBe(403);
    expect(json(refused).error.code).toBe('signup_closed');
    const invited = await signup(app, { inviteToken: (await createInvite(app, owner)).token });
    expect(invited.statusCode).toBe(201);
    expect(await app.app.db.selectFrom('users').select('id').execute()).toHaveLength(2);
  });

  it('first: of two simultaneous first sign-ups exactly one succeeds', async () => {
    app = await createTestApp(t().engine, { SIGNUP: 'first' });
    const statuses = (await Promise.all([signup(app), signup(app), signup(app)])).map((r) => r.statusCode).sort();
    expect(statuses).toEqual([201, 403, 403]);
  });

  it('invite: nobody signs up without an invite link, not even the first account', async () => {
    app = await createTestApp(t().engine, { SIGNUP: 'invite' });
    expect(await policy(app)).toEqual({ policy: 'invite', open: false });
    const refused = await signup(app);
    expect(refused.statusCode).toBe(403);
    expect(json(refused).error.code).toBe('signup_closed');
    expect(await app.app.db.selectFrom('users').select('id').execute()).toHaveLength(0);
  });

  it('open: anyone creates a workspace', async () => {
    expect(await policy(t())).toEqual({ policy: 'open', open: true });
    expect((await signup(t())).statusCode).toBe(201);
    expect((await signup(t())).statusCode).toBe(201);
  });
});

describe.runIf(testEngines().includes('postgres'))('accounts: SIGNUP=first across connections [postgres]', () => {
  it('a first sign-up waits for one under way on another connection, then is refused', async () => {
    const app = await createTestApp('postgres', { SIGNUP: 'first' });
    try {
      const { db } = app.app;
      let signupDone = false;
      let pending: Promise<Awaited<ReturnType<typeof signup>>> | undefined;
      // Another server (another connection) is in the middle of the first sign-up: lock taken, user inserted, not committed.
      await db.transaction().execute(async (trx) => {
        await lockNamed(trx, 'postgres', 'first-signup');
        await trx.insertInto('users').values({ id: 'first', email: 'first@example.com', name: 'First', password_hash: 'x', site_key: 'site_first', created_at: Date.now() }).execute();
        pending = signup(app).finally(() => (signupDone = true));
        // Wait until the sign-up blocks on the lock (it must not decide from what it cannot see yet).
        for (;;) {
          const { rows } = await sql<{ waiting: number }>`select count(*)::int as waiting from pg_locks where locktype = 'advisory' and not granted`.execute(db);
          if (rows[0]!.waiting > 0) break;
          expect(signupDone).toBe(false);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      });
      const response = await pending!;
      expect(response.statusCode).toBe(403);
      expect(json(response).error.code).toBe('signup_closed');
    } finally {
      await app.close();
    }
  });
});
