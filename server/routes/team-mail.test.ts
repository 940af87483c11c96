import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, describeEachEngine, json, type TestApp } from '../test/app.js';
import { createOwner } from '../test/factories.js';
import { startTestSmtpServer, type TestSmtpServer } from '../test/smtp-server.js';

describeEachEngine('team: invite email', (t) => {
  let smtp: TestSmtpServer;
  let mailing: TestApp;
  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    // A plain loopback relay without credentials (STARTTLS and AUTH are covered in server/mail/smtp.test.ts).
    mailing = await createTestApp(t().engine, { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, SMTP_FROM: 'FloatMessage <noreply@example.com>', PUBLIC_URL: 'http://localhost' });
  });
  afterAll(async () => {
    await mailing?.close();
    await smtp?.close();
  });

  it('emails the invite link when SMTP is configured and the invite names someone', async () => {
    const owner = await createOwner(mailing, { name: 'Olga' });
    const response = await mailing.app.inject({ method: 'POST', url: '/api/team/invites', headers: owner.headers, payload: { email: 'new.mate@example.org' } });
    expect(response.statusCode).toBe(201);
    const answer = json(response);
    expect(answer).toMatchObject({ emailed: true, invite: { email: 'new.mate@example.org' } });
    const mail = smtp.received.find((m) => m.to.includes('new.mate@example.org'))!;
    expect(mail.from).toBe('noreply@example.com');
    const [, body = ''] = mail.data.split('\r\n\r\n');
    expect(Buffer.from(body.replace(/\r\n/g, ''), 'base64').toString('utf8')).toContain(answer.url);

    const noEmail = json(await mailing.app.inject({ method: 'POST', url: '/api/team/invites', headers: owner.headers, payload: {} }));
    expect(noEmail.emailed).toBe(false);
  });

  it('still creates the invite (emailed: false) when the mail server is down, and never mails without SMTP', async () => {
    const owner = await createOwner(mailing);
    await smtp.close();
    const response = await mailing.app.inject({ method: 'POST', url: '/api/team/invites', headers: owner.headers, payload: { email: 'later@example.org' } });
    expect(response.statusCode).toBe(201);
    expect(json(response).emailed).toBe(false);
    expect((await mailing.app.inject({ method: 'GET', url: `/api/invites/${json(response).token}` })).statusCode).toBe(200);

    const plainOwner = await createOwner(t());
    const plain = await t().app.inject({ method: 'POST', url: '/api/team/invites', headers: plainOwner.headers, payload: { email: 'x@example.org' } });
    expect(json(plain).emailed).toBe(false);
  });
});
