import { afterEach, expect, it } from 'vitest';
import { createTestApp, describeEachEngine, json, type TestApp } from '../test/app.js';
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
