import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, type SmtpConfig } from '../config.js';
import { addressesOf, linksIn, startTestSmtpServer, TEST_TLS_CERT, type TestSmtpServer } from '../test/smtp-server.js';
import { inviteEmail } from './invite-email.js';
import { renderMail, type MailMessage } from './message.js';
import { createSmtpTransport, deliver } from './transport.js';

const trustTestCa = { tls: { ca: TEST_TLS_CERT }, timeoutMs: 5000 };

function smtpConfig(url: string, from = 'FloatMessage <noreply@example.com>'): SmtpConfig {
  return loadConfig({ SMTP_URL: url, SMTP_FROM: from }).smtp!;
}

function message(to: string, subject = 'Hi', name?: string): MailMessage {
  return { kind: 'test', to: { address: to, name }, subject, ...renderMail([{ paragraph: 'Hello' }]) };
}

async function send(config: SmtpConfig, mail: MailMessage, options: Parameters<typeof createSmtpTransport>[1] = trustTestCa) {
  const transport = createSmtpTransport(config, options);
  try {
    await deliver(transport, config, mail);
  } finally {
    transport.close();
  }
}

/** The header section of a raw message, as it travelled. */
const headersOf = (raw: string) => raw.split('\r\n\r\n')[0]!;

describe('SMTP transport (nodemailer)', () => {
  let server: TestSmtpServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  it('upgrades with STARTTLS before authenticating, and encodes non-ASCII names and subjects', async () => {
    server = await startTestSmtpServer({ startTls: true, auth: ['PLAIN', 'LOGIN'] });
    const config = smtpConfig(`smtp://mailer%40example.com:p%40ss@localhost:${server.port}`, 'Équipe Zoë <noreply@example.com>');
    await send(config, {
      kind: 'test', to: { name: 'Jürgen Groß', address: 'ana@example.org' }, subject: 'Grüße aus dem Team',
      ...renderMail([{ paragraph: 'Line one\n.\nLine three <b>not bold</b>' }, { button: { label: 'Open', url: 'https://chat.example.com/x?a=1&b=2' } }]),
    });

    expect(server.received).toHaveLength(1);
    const mail = server.received[0]!;
    expect(mail).toMatchObject({ from: 'noreply@example.com', to: ['ana@example.org'], secure: true, auth: { username: 'mailer@example.com', password: 'p@ss' } });
    // Credentials only ever travelled over TLS.
    expect(server.authAttempts).toEqual([{ username: 'mailer@example.com', secure: true }]);

    const headers = headersOf(mail.raw);
    expect(headers).toMatch(/^[\x20-\x7e\r\n\t]*$/); // 7-bit headers: the names travel as RFC 2047 encoded words
    expect(headers).toContain('=?UTF-8?');
    expect(mail.parsed.subject).toBe('Grüße aus dem Team');
    expect(mail.parsed.from?.value).toEqual([{ name: 'Équipe Zoë', address: 'noreply@example.com' }]);
    expect((Array.isArray(mail.parsed.to) ? mail.parsed.to[0] : mail.parsed.to)?.value).toEqual([{ name: 'Jürgen Groß', address: 'ana@example.org' }]);
    expect(mail.parsed.text).toContain('Line one\n.\nLine three <b>not bold</b>');
    expect(mail.parsed.html).toContain('Line one\n.\nLine three &lt;b&gt;not bold&lt;/b&gt;');
    expect(mail.parsed.html).toContain('href="https://chat.example.com/x?a=1&amp;b=2"');
    expect(linksIn(mail.parsed.text)).toEqual(['https://chat.example.com/x?a=1&b=2']);
  });

  it('speaks TLS from the start with smtps:// and authenticates with LOGIN', async () => {
    server = await startTestSmtpServer({ implicitTls: true, auth: ['LOGIN'] });
    await send(smtpConfig(`smtps://bot:secret@127.0.0.1:${server.port}`, 'noreply@example.com'), message('bo@example.org'));
    expect(server.received[0]).toMatchObject({ secure: true, auth: { username: 'bot', password: 'secret' }, to: ['bo@example.org'] });
  });

  it('refuses to send a password when the server offers no STARTTLS, and sends without one to a plain relay', async () => {
    server = await startTestSmtpServer({ auth: ['PLAIN'] });
    await expect(send(smtpConfig(`smtp://bot:secret@127.0.0.1:${server.port}`), message('x@example.org'))).rejects.toThrow(/STARTTLS/);
    expect(server.authAttempts).toHaveLength(0);
    expect(server.received).toHaveLength(0);

    await send(smtpConfig(`smtp://127.0.0.1:${server.port}`), message('x@example.org'));
    expect(server.received[0]).toMatchObject({ secure: false, auth: null });
  });

  it('fails on an untrusted certificate or a refused recipient; a line break cannot add a header', async () => {
    server = await startTestSmtpServer({ startTls: true });
    await expect(send(smtpConfig(`smtp://localhost:${server.port}`), message('x@example.org'), { timeoutMs: 5000 })).rejects.toThrow(/certificate/i);
    await server.close();

    server = await startTestSmtpServer({ rejectRecipient: 'gone@example.org' });
    const plain = smtpConfig(`smtp://127.0.0.1:${server.port}`);
    await expect(send(plain, message('gone@example.org'))).rejects.toMatchObject({ responseCode: 550 });
    expect(server.received).toHaveLength(0);

    await send(plain, message('x@example.org', 'Hi\r\nBcc: evil@example.org'));
    const mail = server.received[0]!;
    expect(mail.to).toEqual(['x@example.org']);
    expect(mail.parsed.bcc).toBeUndefined();
    expect(headersOf(mail.raw)).not.toMatch(/^Bcc:/im);
  });

  it('writes the invite email with the link and its expiry in both parts', async () => {
    server = await startTestSmtpServer();
    const url = 'https://chat.example.com/invite/inv_abc';
    await send(smtpConfig(`smtp://127.0.0.1:${server.port}`), inviteEmail({
      to: 'new@example.org', url, inviterName: 'Olga', workspaceName: 'Olga\nCo', expiresAt: Date.UTC(2030, 0, 2),
    }));
    const { parsed } = server.received[0]!;
    expect(parsed.subject).toBe('Join Olga Co on FloatMessage');
    expect(addressesOf(parsed.to)).toEqual(['new@example.org']);
    expect(linksIn(parsed.text)).toEqual([url]);
    expect(parsed.text).toContain('Olga invited you');
    expect(parsed.text).toContain('Wed, 02 Jan 2030');
    expect(parsed.html).toContain(`href="${url}"`);
    expect(parsed.html).toContain('Wed, 02 Jan 2030');
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
