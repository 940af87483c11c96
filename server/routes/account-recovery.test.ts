import { afterAll, beforeAll, expect, it } from 'vitest';
import { requestPasswordReset } from '../commands/account-recovery.js';
import { commandContext } from '../commands/context.js';
import { hashSecret } from '../lib/ids.js';
import { createTestApp, describeEachEngine, json, type TestApp } from '../test/app.js';
import { createOwner, sessionCookieFrom, uniqueEmail, type TestOwner } from '../test/factories.js';
import { listenOnce, openSocket } from '../test/sockets.js';
import { startTestSmtpServer, linksIn, addressesOf, type TestSmtpServer } from '../test/smtp-server.js';
import { createToken, signUpWithInvite, createInvite } from '../test/team.js';

const PASSWORD = 'correct horse battery';

describeEachEngine('accounts: password reset and change', (t) => {
  let smtp: TestSmtpServer;
  let app: TestApp;
  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    app = await createTestApp(t().engine, { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, SMTP_FROM: 'FloatMessage <noreply@example.com>', PUBLIC_URL: 'http://localhost' });
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) => app.app.inject({ method: 'POST', url, payload: payload as object, headers });
  const login = async (email: string, password: string) => post('/api/auth/login', { email, password });
  const signIn = async (email: string, password = PASSWORD): Promise<{ cookie: string; origin: string }> => {
    const response = await login(email, password);
    expect(response.statusCode).toBe(200);
    return { cookie: sessionCookieFrom(response.headers['set-cookie']), origin: app.origin };
  };
  const me = (headers: Record<string, string>) => app.app.inject({ method: 'GET', url: '/api/me', headers });

  /** Asks for a reset and returns the token from the link in the mail that arrives. */
  async function mailedToken(email: string): Promise<string> {
    const before = smtp.received.length;
    expect((await post('/api/auth/password-reset', { email: email.toUpperCase() })).statusCode).toBe(202);
    const mail = await smtp.waitFor((m) => m.to.includes(email) && smtp.received.indexOf(m) >= before);
    const [link] = linksIn(mail.parsed.text);
    expect(link).toMatch(/^http:\/\/localhost\/reset#pr_[\w-]+$/);
    return new URL(link!).hash.slice(1);
  }

  it('mails a working reset link to an account, and answers an unknown address identically without mail', async () => {
    const owner = await createOwner(app, { name: 'Zoë Ünal' });
    const response = await post('/api/auth/password-reset', { email: owner.user.email });
    expect(response.statusCode).toBe(202);
    const mail = await smtp.waitFor((m) => m.to.includes(owner.user.email));
    expect(addressesOf(mail.parsed.to)).toEqual([owner.user.email]);
    expect((Array.isArray(mail.parsed.to) ? mail.parsed.to[0] : mail.parsed.to)?.value[0]?.name).toBe('Zoë Ünal');
    expect(mail.parsed.subject).toBe('Reset your FloatMessage password');
    expect(mail.parsed.text).toContain('Hello Zoë Ünal');
    const [link] = linksIn(mail.parsed.text);
    expect(mail.parsed.html).toContain(`href="${link}"`);
    // Stored only as a hash.
    const token = new URL(link!).hash.slice(1);
    const rows = await app.app.db.selectFrom('password_reset_tokens').selectAll().where('user_id', '=', owner.user.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).toBe(hashSecret(token));
    expect(rows[0]!.expires_at - rows[0]!.created_at).toBe(3_600_000);

    const count = smtp.received.length;
    const unknown = await post('/api/auth/password-reset', { email: uniqueEmail('nobody') });
    expect({ status: unknown.statusCode, body: unknown.body }).toEqual({ status: response.statusCode, body: response.body });
    // The unknown address got nothing: a later mail to a real account arrives, and nothing came before it.
    const other = await createOwner(app);
    await post('/api/auth/password-reset', { email: other.user.email });
    await smtp.waitFor((m) => m.to.includes(other.user.email));
    expect(smtp.received.length).toBe(count + 1);
  });

  it('sets the new password once with the token, ends every session and socket of the user, keeps API tokens', async () => {
    const owner = await createOwner(app);
    const mate = await signUpWithInvite(app, (await createInvite(app, owner)).token, { email: uniqueEmail('mate') });
    const apiToken = await createToken(app, mate);
    // The teammate is signed in twice: in the owner's workspace (from the invite) and in their own.
    const ownSession = await signIn(mate.user.email, 'teammate password');
    const base = await listenOnce(app.app);
    const socket = await openSocket(`${base}/api/ws`, { cookie: mate.cookie, origin: app.origin });
    const ownSocket = await openSocket(`${base}/api/ws`, { cookie: ownSession.cookie, origin: app.origin });
    const tokenSocket = await openSocket(`${base}/api/ws`, { authorization: `Bearer ${apiToken}` });

    const token = await mailedToken(mate.user.email);
    expect((await post('/api/auth/password-reset/check', { token })).statusCode).toBe(204);
    const confirm = await post('/api/auth/password-reset/confirm', { token, password: 'a brand new secret' });
    expect(confirm.statusCode).toBe(204);

    expect(await socket.closed).toEqual({ code: 4401, reason: 'signed out' });
    expect((await ownSocket.closed).code).toBe(4401);
    expect((await me(mate.headers)).statusCode).toBe(401);
    expect((await me(ownSession)).statusCode).toBe(401);
    expect((await login(mate.user.email, 'teammate password')).statusCode).toBe(401);
    expect((await login(mate.user.email, 'a brand new secret')).statusCode).toBe(200);
    expect((await app.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${apiToken}` } })).statusCode).toBe(200);
    expect(tokenSocket.ws.readyState).toBe(tokenSocket.ws.OPEN);
    tokenSocket.close();

    // Single use.
    const again = await post('/api/auth/password-reset/confirm', { token, password: 'yet another secret' });
    expect(again.statusCode).toBe(404);
    expect(json(again).error.code).toBe('reset_token_invalid');
    const check = await post('/api/auth/password-reset/check', { token });
    expect(check.statusCode).toBe(404);
    expect(json(check).error.code).toBe('reset_token_invalid');
  });

  it('refuses unknown and expired tokens (404) and a short password (422), changing nothing', async () => {
    const owner = await createOwner(app);
    const token = await mailedToken(owner.user.email);
    expect(json(await post('/api/auth/password-reset/confirm', { token: 'pr_unknown', password: 'long enough pw' })).error.code).toBe('reset_token_invalid');
    const short = await post('/api/auth/password-reset/confirm', { token, password: 'short' });
    expect(short.statusCode).toBe(422);

    await app.app.db.updateTable('password_reset_tokens').set({ expires_at: Date.now() - 1 }).where('token_hash', '=', hashSecret(token)).execute();
    expect((await post('/api/auth/password-reset/check', { token })).statusCode).toBe(404);
    expect((await post('/api/auth/password-reset/check', { token: 'pr_unknown' })).statusCode).toBe(404);
    const expired = await post('/api/auth/password-reset/confirm', { token, password: 'long enough pw' });
    expect(expired.statusCode).toBe(404);
    expect(json(expired).error.code).toBe('reset_token_invalid');
    expect((await me(owner.headers)).statusCode).toBe(200);
    expect((await login(owner.user.email, PASSWORD)).statusCode).toBe(200);
  });

  it('a new password by any route makes every earlier reset link useless', async () => {
    const owner = await createOwner(app);
    const first = await mailedToken(owner.user.email);
    const second = await mailedToken(owner.user.email);
    expect((await post('/api/auth/password-reset/confirm', { token: second, password: 'second new password' })).statusCode).toBe(204);
    expect((await post('/api/auth/password-reset/confirm', { token: first, password: 'first new password' })).statusCode).toBe(404);
  });

  it('limits reset requests per address (known or not) with 429, and refuses a foreign Origin', async () => {
    const owner = await createOwner(app);
    for (const email of [owner.user.email, uniqueEmail('ghost')]) {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await post('/api/auth/password-reset', { email })).statusCode);
      expect(statuses).toEqual([202, 202, 202, 429]);
    }
    const limited = await post('/api/auth/password-reset', { email: owner.user.email });
    expect(json(limited).error.code).toBe('rate_limited');
    expect((await post('/api/auth/password-reset', { email: uniqueEmail() }, { origin: 'https://evil.example' })).statusCode).toBe(403);
  });

  it('changes the password with the current one, ending the other sessions and sockets but not this one', async () => {
    const owner = await createOwner(app);
    const other = await signIn(owner.user.email);
    const base = await listenOnce(app.app);
    const otherSocket = await openSocket(`${base}/api/ws`, { cookie: other.cookie, origin: app.origin });
    const thisSocket = await openSocket(`${base}/api/ws`, { cookie: owner.cookie, origin: app.origin });

    const wrong = await post('/api/auth/password', { currentPassword: 'not it at all', newPassword: 'another long one' }, owner.headers);
    expect(wrong.statusCode).toBe(422);
    expect(json(wrong).error.code).toBe('wrong_password');
    expect((await post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'short' }, owner.headers)).statusCode).toBe(422);
    const token = await createToken(app, owner);
    const viaToken = await post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'another long one' }, { authorization: `Bearer ${token}` });
    expect(viaToken.statusCode).toBe(403);
    expect((await post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'another long one' }, { cookie: owner.cookie, origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'another long one' })).statusCode).toBe(401);
    expect((await me(other)).statusCode).toBe(200);

    const changed = await post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'another long one' }, owner.headers);
    expect(changed.statusCode).toBe(204);
    expect(await otherSocket.closed).toEqual({ code: 4401, reason: 'signed out' });
    expect((await me(other)).statusCode).toBe(401);
    expect((await me(owner.headers)).statusCode).toBe(200);
    expect(thisSocket.ws.readyState).toBe(thisSocket.ws.OPEN);
    thisSocket.close();
    expect((await login(owner.user.email, PASSWORD)).statusCode).toBe(401);
    expect((await login(owner.user.email, 'another long one')).statusCode).toBe(200);
  });

  it('tells the signed-in dashboard whether mail is sent', async () => {
    const owner: TestOwner = await createOwner(app);
    expect(json(await app.app.inject({ method: 'GET', url: '/api/settings/mail', headers: owner.headers }))).toEqual({ enabled: true, missing: [] });
    const plainOwner = await createOwner(t());
    expect(json(await t().app.inject({ method: 'GET', url: '/api/settings/mail', headers: plainOwner.headers }))).toEqual({ enabled: false, missing: ['SMTP_URL', 'PUBLIC_URL'] });
    expect((await t().app.inject({ method: 'GET', url: '/api/settings/mail' })).statusCode).toBe(401);
  });

  it('answers 202 and mails nothing when mail is off', async () => {
    const owner = await createOwner(t());
    expect((await t().app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { email: owner.user.email } })).statusCode).toBe(202);
    // The route works on the request after answering; the command itself, awaited, stores no token.
    await requestPasswordReset(commandContext(t().app), t().app.mailer, owner.user.email);
    expect(await t().app.db.selectFrom('password_reset_tokens').selectAll().execute()).toEqual([]);
  });
});

describeEachEngine('accounts: reset requests per IP', (t) => {
  it('limits reset requests per IP address (LOGIN_RATE_LIMIT) with 429', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await t().app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { email: uniqueEmail() } })).statusCode);
    }
    expect(statuses).toEqual([202, 202, 202, 429]);
  });
}, { LOGIN_RATE_LIMIT: '3' });
