import { expect, it } from 'vitest';
import { describeEachEngine, json, createTestApp, testEngines } from '../test/app.js';
import { createOwner, sessionCookieFrom, uniqueEmail } from '../test/factories.js';

describeEachEngine('accounts', (t) => {
  it('signs up, answers /api/me with the site key, and sets a hardened session cookie', async () => {
    const email = uniqueEmail();
    const response = await t().app.inject({ method: 'POST', url: '/api/auth/signup', payload: { email, password: 'long enough pw', name: 'Ada' } });
    expect(response.statusCode).toBe(201);
    expect(json(response).user).toEqual({ id: expect.any(String), email, name: 'Ada' });
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/);

    const me = await t().app.inject({ method: 'GET', url: '/api/me', headers: { cookie: sessionCookieFrom(response.headers['set-cookie']) } });
    expect(me.statusCode).toBe(200);
    const id = json(response).user.id;
    expect(json(me)).toEqual({
      user: { id, email, name: 'Ada' },
      site: { key: expect.stringMatching(/^site_/) },
      workspace: { id, name: 'Ada', role: 'owner' },
      workspaces: [{ id, name: 'Ada', role: 'owner' }],
    });
  });

  it('marks the cookie Secure when served over HTTPS through a trusted proxy', async () => {
    const email = uniqueEmail();
    const secure = await createTestApp(t().engine, { TRUST_PROXY: 'true' });
    try {
      const response = await secure.app.inject({
        method: 'POST', url: '/api/auth/signup', payload: { email, password: 'long enough pw' },
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(String(response.headers['set-cookie'])).toMatch(/Secure/);
    } finally {
      await secure.close();
    }
  });

  it('refuses a duplicate email with 409, case-insensitively', async () => {
    const owner = await createOwner(t());
    const response = await t().app.inject({ method: 'POST', url: '/api/auth/signup', payload: { email: owner.user.email.toUpperCase(), password: 'another password' } });
    expect(response.statusCode).toBe(409);
    expect(json(response).error.code).toBe('email_taken');
  });

  it('answers a wrong password and an unknown email identically with 401', async () => {
    const owner = await createOwner(t(), { password: 'the right password' });
    const wrong = await t().app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: owner.user.email, password: 'not the password' } });
    const unknown = await t().app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: uniqueEmail('nobody'), password: 'not the password' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.body).toBe(unknown.body);
    const right = await t().app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: owner.user.email, password: 'the right password' } });
    expect(right.statusCode).toBe(200);
    expect(json(right).user.id).toBe(owner.user.id);
  });

  it('answers malformed JSON with 400 and missing or invalid fields with 422', async () => {
    const malformed = await t().app.inject({ method: 'POST', url: '/api/auth/signup', headers: { 'content-type': 'application/json' }, payload: '{"email": ' });
    expect(malformed.statusCode).toBe(400);
    expect(json(malformed).error.code).toBe('malformed_json');

    const missing = await t().app.inject({ method: 'POST', url: '/api/auth/signup', payload: { email: uniqueEmail() } });
    expect(missing.statusCode).toBe(422);
    expect(json(missing).error).toEqual({ code: 'validation_failed', message: expect.stringContaining('password') });

    const badEmail = await t().app.inject({ method: 'POST', url: '/api/auth/signup', payload: { email: 'not-an-email', password: 'long enough pw' } });
    expect(badEmail.statusCode).toBe(422);
    const shortPassword = await t().app.inject({ method: 'POST', url: '/api/auth/signup', payload: { email: uniqueEmail(), password: 'short' } });
    expect(shortPassword.statusCode).toBe(422);
  });

  it('refuses a cookie-authenticated mutation without a same-origin Origin/Referer (403), accepts it with one', async () => {
    const owner = await createOwner(t());
    const noOrigin = await t().app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie: owner.cookie }, payload: { name: 'ci' } });
    expect(noOrigin.statusCode).toBe(403);
    expect(json(noOrigin).error.code).toBe('csrf_failed');
    const foreign = await t().app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie: owner.cookie, origin: 'https://evil.example' }, payload: { name: 'ci' } });
    expect(foreign.statusCode).toBe(403);
    const referer = await t().app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie: owner.cookie, referer: `${t().origin}/tickets` }, payload: { name: 'ci' } });
    expect(referer.statusCode).toBe(201);
    const sameOrigin = await t().app.inject({ method: 'POST', url: '/api/tokens', headers: owner.headers, payload: { name: 'ci' } });
    expect(sameOrigin.statusCode).toBe(201);
  });

  it('refuses a login posted from another site (login CSRF)', async () => {
    const owner = await createOwner(t(), { password: 'the right password' });
    const response = await t().app.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: 'https://evil.example' }, payload: { email: owner.user.email, password: 'the right password' } });
    expect(response.statusCode).toBe(403);
  });

  it('ends the session server-side on logout: the old cookie answers 401', async () => {
    const owner = await createOwner(t());
    const logout = await t().app.inject({ method: 'POST', url: '/api/auth/logout', headers: owner.headers });
    expect(logout.statusCode).toBe(204);
    const after = await t().app.inject({ method: 'GET', url: '/api/me', headers: { cookie: owner.cookie } });
    expect(after.statusCode).toBe(401);
    expect(json(after).error.code).toBe('unauthorized');
  });

  it('answers 401 without credentials and for a forged cookie', async () => {
    expect((await t().app.inject({ method: 'GET', url: '/api/me' })).statusCode).toBe(401);
    expect((await t().app.inject({ method: 'GET', url: '/api/me', headers: { cookie: 'fm_session=s_forged' } })).statusCode).toBe(401);
  });

  it('issues API tokens that authenticate with Bearer, skip the CSRF check, and stop working when revoked', async () => {
    const owner = await createOwner(t());
    const created = json(await t().app.inject({ method: 'POST', url: '/api/tokens', headers: owner.headers, payload: { name: 'zapier' } }));
    expect(created).toEqual({ id: expect.any(String), name: 'zapier', token: expect.stringMatching(/^fm_/) });
    const bearer = { authorization: `Bearer ${created.token}` };
    const me = await t().app.inject({ method: 'GET', url: '/api/me', headers: bearer });
    expect(json(me).user.id).toBe(owner.user.id);
    const viaToken = await t().app.inject({ method: 'POST', url: '/api/tokens', headers: bearer, payload: { name: 'second' } });
    expect(viaToken.statusCode).toBe(201);
    const list = json(await t().app.inject({ method: 'GET', url: '/api/tokens', headers: bearer }));
    expect(list.items.map((i: { name: string }) => i.name).sort()).toEqual(['second', 'zapier']);
    expect(JSON.stringify(list)).not.toContain(created.token);

    expect((await t().app.inject({ method: 'DELETE', url: `/api/tokens/${created.id}`, headers: owner.headers })).statusCode).toBe(204);
    expect((await t().app.inject({ method: 'GET', url: '/api/me', headers: bearer })).statusCode).toBe(401);
    expect((await t().app.inject({ method: 'GET', url: '/api/me', headers: { authorization: 'Bearer fm_nope' } })).statusCode).toBe(401);
  });

  it('never lets a second owner see or revoke the first owner’s tokens (404, same as missing)', async () => {
    const first = await createOwner(t());
    const second = await createOwner(t());
    const token = json(await t().app.inject({ method: 'POST', url: '/api/tokens', headers: first.headers, payload: { name: 'mine' } }));
    const list = json(await t().app.inject({ method: 'GET', url: '/api/tokens', headers: second.headers }));
    expect(list.items).toEqual([]);
    const revokeOther = await t().app.inject({ method: 'DELETE', url: `/api/tokens/${token.id}`, headers: second.headers });
    const revokeMissing = await t().app.inject({ method: 'DELETE', url: '/api/tokens/does-not-exist', headers: second.headers });
    expect(revokeOther.statusCode).toBe(404);
    expect(revokeOther.body).toBe(revokeMissing.body);
    const me = json(await t().app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token.token}` } }));
    expect(me.user.id).toBe(first.user.id);
    expect(me.site.key).not.toBe(second.siteKey);
  });
});

describeEachEngine('login rate limit', (t) => {
  it('answers 429 with Retry-After after too many attempts from one address', async () => {
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 4; i++) {
      last = await t().app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: uniqueEmail(), password: 'whatever pw' } });
      statuses.push(last.statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect(json(last!).error.code).toBe('rate_limited');
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
  });
}, { LOGIN_RATE_LIMIT: '3' });

it('covers both engines under CI', () => {
  if (process.env.CI === 'true') expect(testEngines()).toEqual(['sqlite', 'postgres']);
  else expect(testEngines()).toContain('sqlite');
});
