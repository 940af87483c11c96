import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, describeEachEngine, json, type TestApp } from '../test/app.js';
import { createOwner } from '../test/factories.js';
import { addressesOf, linksIn, startTestSmtpServer, type TestSmtpServer } from '../test/smtp-server.js';

describeEachEngine('team: invite email', (t) => {
  let smtp: TestSmtpServer;
  let mailing: TestApp;
  const SMTP_FROM = 'FloatMessage <noreply@example.com>';
  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    // A plain loopback relay without credentials (STARTTLS and AUTH are covered in server/mail/transport.test.ts).
    mailing = await createTestApp(t().engine, { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, SMTP_FROM, PUBLIC_URL: 'http://localhost' });
  });
  afterAll(async () => {
    await mailing?.close();
    await smtp?.close();
  });

  it('mails the invite link (from PUBLIC_URL) when mail is configured and the invite names someone', async () => {
    const owner = await createOwner(mailing, { name: 'Olga' });
    const response = await mailing.app.inject({ method: 'POST', url: '/api/team/invites', headers: owner.headers, payload: { email: 'new.mate@example.org' } });
    expect(response.statusCode).toBe(201);
    const answer = json(response);
    expect(answer).toMatchObject({ emailed: true, invite: { email: 'new.mate@example.org' } });
    expect(answer.url).toMatch(/^http:\/\/localhost\/invite\//);
    const mail = await smtp.waitFor((m) => m.to.includes('new.mate@example.org'));
    expect(mail.from).toBe('noreply@example.com');
    expect(addressesOf(mail.parsed.to)).toEqual(['new.mate@example.org']);
    expect(mail.parsed.subject).toBe('Join Olga on FloatMessage');
    expect(linksIn(mail.parsed.text)).toEqual([answer.url]);
    expect(mail.parsed.html).toContain(`href="${answer.url}"`);
    // The mailed link works: it names the invite.
    const token = new URL(answer.url).pathname.split('/').pop();
    expect((await mailing.app.inject({ method: 'GET', url: `/api/invites/${token}` })).statusCode).toBe(200);

    const noEmail = json(await mailing.app.inject({ method: 'POST', url: '/api/team/invites', headers: owner.headers, payload: {} }));
    expect(noEmail.emailed).toBe(false);
  });

  it('never mails without SMTP_URL or without PUBLIC_URL', async () => {
    const plainOwner = await createOwner(t());
    const plain = await t().app.inject({ method: 'POST', url: '/api/team/invites', headers: plainOwner.headers, payload: { email: 'x@example.org' } });
    expect(json(plain).emailed).toBe(false);

    const noPublicUrl = await createTestApp(t().engine, { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, SMTP_FROM });
    try {
      const owner = await createOwner(noPublicUrl);
      const response = await noPublicUrl.app.inject({ method: 'POST', url: '/api/team/invites', headers: owner.headers, payload: { email: 'no-link@example.org' } });
      expect(json(response).emailed).toBe(false);
      const status = json(await noPublicUrl.app.inject({ method: 'GET', url: '/api/settings/mail', headers: owner.headers }));
      expect(status).toEqual({ enabled: false, missing: ['PUBLIC_URL'] });
    } finally {
      await noPublicUrl.close();
    }
    expect(smtp.received.some((m) => m.to.includes('no-link@example.org'))).toBe(false);
  });

  it('creates the invite at once when the mail server is down; the mail goes out when it is back', async () => {
    const flaky = await startTestSmtpServer({ failFirst: 1 });
    const app = await createTestApp(t().engine, { SMTP_URL: `smtp://127.0.0.1:${flaky.port}`, SMTP_FROM, PUBLIC_URL: 'http://localhost' }, { mail: { retryDelaysMs: [50] } });
    try {
      const owner = await createOwner(app);
      const response = await app.app.inject({ method: 'POST', url: '/api/team/invites', headers: owner.headers, payload: { email: 'later@example.org' } });
      expect(response.statusCode).toBe(201);
      expect(json(response).emailed).toBe(true);
      expect((await app.app.inject({ method: 'GET', url: `/api/invites/${json(response).token}` })).statusCode).toBe(200);
      const mail = await flaky.waitFor((m) => m.to.includes('later@example.org'));
      expect(linksIn(mail.parsed.text)).toEqual([json(response).url]);
    } finally {
      await app.close();
      await flaky.close();
    }
  });
});
