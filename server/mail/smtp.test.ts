import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, type SmtpConfig } from '../config.js';
import { startTestSmtpServer, TEST_TLS_CERT, type TestSmtpServer } from '../test/smtp-server.js';
import { sendInviteEmail } from './invite-email.js';
import { sendMail } from './smtp.js';

const trustTestCa = { tls: { ca: TEST_TLS_CERT }, timeoutMs: 5000 };

function smtpConfig(url: string, from = 'FloatMessage <noreply@example.com>'): SmtpConfig {
  return loadConfig({ SMTP_URL: url, SMTP_FROM: from }).smtp!;
}

/** The decoded text body of a received message (sent base64-encoded). */
function bodyOf(data: string): string {
  const [, body = ''] = data.split('\r\n\r\n');
  return Buffer.from(body.replace(/\r\n/g, ''), 'base64').toString('utf8');
}

describe('SMTP sending', () => {
  let server: TestSmtpServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  it('upgrades with STARTTLS, authenticates with PLAIN and delivers one message', async () => {
    server = await startTestSmtpServer({ startTls: true, auth: ['PLAIN', 'LOGIN'] });
    const config = smtpConfig(`smtp://mailer%40example.com:p%40ss@localhost:${server.port}`);
    await sendMail(config, { to: 'ana@example.org', subject: 'Grüße aus dem Team', text: 'Line one\n.\nLine three' }, trustTestCa);

    expect(server.received).toHaveLength(1);
    const mail = server.received[0]!;
    expect(mail).toMatchObject({ from: 'noreply@example.com', to: ['ana@example.org'], secure: true, auth: { username: 'mailer@example.com', password: 'p@ss' } });
    expect(mail.data).toContain('From: FloatMessage <noreply@example.com>\r\n');
    expect(mail.data).toContain('To: <ana@example.org>\r\n');
    expect(mail.data).toContain(`Subject: =?UTF-8?B?${Buffer.from('Grüße aus dem Team').toString('base64')}?=\r\n`);
    expect(bodyOf(mail.data)).toBe('Line one\r\n.\r\nLine three');
    // Nothing but EHLO and STARTTLS travelled before TLS.
    expect(server.commands.slice(0, 3).map((line) => line.split(' ')[0])).toEqual(['EHLO', 'STARTTLS', 'EHLO']);
  });

  it('speaks TLS from the start with smtps:// and authenticates with LOGIN', async () => {
    server = await startTestSmtpServer({ implicitTls: true, auth: ['LOGIN'] });
    await sendMail(smtpConfig(`smtps://bot:secret@127.0.0.1:${server.port}`, 'noreply@example.com'), { to: 'bo@example.org', subject: 'Hi', text: 'Hello' }, trustTestCa);
    expect(server.received[0]).toMatchObject({ secure: true, auth: { username: 'bot', password: 'secret' }, to: ['bo@example.org'] });
  });

  it('refuses to send a password when the server offers no STARTTLS, and sends without one to a plain relay', async () => {
    server = await startTestSmtpServer({ auth: ['PLAIN'] });
    await expect(sendMail(smtpConfig(`smtp://bot:secret@127.0.0.1:${server.port}`), { to: 'x@example.org', subject: 'Hi', text: 'x' }, trustTestCa))
      .rejects.toThrow(/STARTTLS/);
    expect(server.commands.some((line) => line.startsWith('AUTH'))).toBe(false);
    expect(server.received).toHaveLength(0);

    await sendMail(smtpConfig(`smtp://127.0.0.1:${server.port}`), { to: 'x@example.org', subject: 'Hi', text: 'x' }, trustTestCa);
    expect(server.received[0]).toMatchObject({ secure: false, auth: null });
  });

  it('fails on an untrusted certificate, a refused recipient, or header line breaks', async () => {
    server = await startTestSmtpServer({ startTls: true });
    const config = smtpConfig(`smtp://localhost:${server.port}`);
    await expect(sendMail(config, { to: 'x@example.org', subject: 'Hi', text: 'x' }, { timeoutMs: 5000 })).rejects.toThrow(/certificate/i);
    await server.close();

    server = await startTestSmtpServer({ rejectRecipient: 'gone@example.org' });
    const plain = smtpConfig(`smtp://127.0.0.1:${server.port}`);
    await expect(sendMail(plain, { to: 'gone@example.org', subject: 'Hi', text: 'x' }, trustTestCa)).rejects.toThrow(/RCPT answered 550/);
    await expect(sendMail(plain, { to: 'x@example.org', subject: 'Hi\r\nBcc: evil@example.org', text: 'x' }, trustTestCa)).rejects.toThrow(/line breaks/);
    expect(server.received).toHaveLength(0);
  });

  it('writes the invite email with the link and its expiry', async () => {
    server = await startTestSmtpServer();
    await sendInviteEmail(smtpConfig(`smtp://127.0.0.1:${server.port}`), {
      to: 'new@example.org', url: 'https://chat.example.com/invite/inv_abc', inviterName: 'Olga', workspaceName: 'Olga\nCo', expiresAt: Date.UTC(2030, 0, 2),
    }, trustTestCa);
    const mail = server.received[0]!;
    expect(mail.data).toContain('Subject: Join Olga Co on FloatMessage\r\n');
    const body = bodyOf(mail.data);
    expect(body).toContain('https://chat.example.com/invite/inv_abc');
    expect(body).toContain('Olga invited you');
    expect(body).toContain('Wed, 02 Jan 2030');
  });
});

describe('SMTP configuration', () => {
  it('parses SMTP_URL and SMTP_FROM, with default ports per scheme', () => {
    expect(loadConfig({}).smtp).toBeNull();
    expect(smtpConfig('smtp://u:p%2Fw@mail.example.com', 'Support <help@example.com>')).toEqual({
      secure: false, host: 'mail.example.com', port: 587, username: 'u', password: 'p/w', from: 'Support <help@example.com>', fromAddress: 'help@example.com',
    });
    expect(smtpConfig('smtps://mail.example.com', 'help@example.com')).toMatchObject({ secure: true, port: 465, username: null, fromAddress: 'help@example.com' });
  });

  it('refuses a wrong scheme, a missing or malformed SMTP_FROM, and SMTP_FROM alone', () => {
    for (const env of [
      { SMTP_URL: 'http://mail.example.com', SMTP_FROM: 'a@example.com' },
      { SMTP_URL: 'smtp://mail.example.com' },
      { SMTP_URL: 'smtp://mail.example.com', SMTP_FROM: 'not an address' },
      { SMTP_FROM: 'a@example.com' },
    ]) {
      expect(() => loadConfig(env), JSON.stringify(env)).toThrow(/SMTP_/);
    }
  });
});
