import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { startTestSmtpServer, type TestSmtpServer } from '../test/smtp-server.js';
import { Mailer, mailStatus } from './mailer.js';
import { renderMail, type MailMessage } from './message.js';

/** A log sink that keeps entries and lets a test wait for one (background sends report only through the log). */
function recordingLog() {
  const entries: { level: string; msg: string; obj: Record<string, unknown> }[] = [];
  const waiters: (() => void)[] = [];
  const write = (level: string) => (obj: Record<string, unknown>, msg: string) => {
    entries.push({ level, msg, obj });
    waiters.splice(0).forEach((wake) => wake());
  };
  return {
    entries,
    log: { info: write('info'), warn: write('warn'), error: write('error') } as never,
    async until(predicate: () => boolean) {
      while (!predicate()) await new Promise<void>((resolve) => waiters.push(resolve));
    },
  };
}

const mail = (to: string): MailMessage => ({ kind: 'test', to: { address: to }, subject: 'Hello', ...renderMail([{ paragraph: 'Body' }]) });

describe('Mailer', () => {
  let server: TestSmtpServer | null = null;
  let mailer: Mailer | null = null;
  afterEach(async () => {
    await mailer?.close();
    await server?.close();
    mailer = server = null;
  });

  const configFor = (port: number) => loadConfig({ SMTP_URL: `smtp://127.0.0.1:${port}`, SMTP_FROM: 'noreply@example.com', PUBLIC_URL: 'https://chat.example.com' });

  it('says why mail is off: no SMTP_URL, no PUBLIC_URL, or both; and then sends nothing', () => {
    expect(mailStatus(loadConfig({}))).toEqual({ enabled: false, missing: ['SMTP_URL', 'PUBLIC_URL'] });
    expect(mailStatus(loadConfig({ PUBLIC_URL: 'https://chat.example.com' }))).toEqual({ enabled: false, missing: ['SMTP_URL'] });
    const noLinks = loadConfig({ SMTP_URL: 'smtp://127.0.0.1:1', SMTP_FROM: 'a@example.com' });
    expect(mailStatus(noLinks)).toEqual({ enabled: false, missing: ['PUBLIC_URL'] });
    const off = new Mailer(noLinks, recordingLog().log);
    expect(off.enabled).toBe(false);
    expect(off.send(mail('x@example.org'))).toBe(false);
    expect(() => off.link('/reset')).toThrow(/PUBLIC_URL/);
  });

  it('retries a temporary failure in the background and delivers once', async () => {
    server = await startTestSmtpServer({ failFirst: 2 });
    const sink = recordingLog();
    mailer = new Mailer(configFor(server.port), sink.log, { retryDelaysMs: [20, 40, 80] });
    expect(mailer.link('/reset#abc')).toBe('https://chat.example.com/reset#abc');
    expect(mailer.send(mail('later@example.org'))).toBe(true);
    await server.waitFor((m) => m.to.includes('later@example.org'));
    await sink.until(() => sink.entries.some((e) => e.msg === 'mail sent'));
    expect(server.received).toHaveLength(1);
    expect(sink.entries.map((e) => [e.level, e.obj.retry, e.msg])).toEqual([
      ['warn', 0, 'mail not sent; will retry'],
      ['warn', 1, 'mail not sent; will retry'],
      ['info', 2, 'mail sent'],
    ]);
    expect(sink.entries[0]!.obj).toMatchObject({ mail: 'test', responseCode: 451, retryInMs: 20 });
  });

  it('gives up after the last retry, and never retries a permanent refusal', async () => {
    server = await startTestSmtpServer({ failFirst: 100, rejectRecipient: 'gone@example.org' });
    const sink = recordingLog();
    mailer = new Mailer(configFor(server.port), sink.log, { retryDelaysMs: [10, 10] });
    mailer.send(mail('busy@example.org'));
    await sink.until(() => sink.entries.some((e) => e.level === 'error'));
    expect(sink.entries.map((e) => e.msg)).toEqual(['mail not sent; will retry', 'mail not sent; will retry', 'mail not sent; giving up']);

    sink.entries.length = 0;
    mailer.send(mail('gone@example.org'));
    await sink.until(() => sink.entries.length > 0);
    expect(sink.entries.map((e) => [e.level, e.obj.responseCode, e.msg])).toEqual([['error', 550, 'mail refused by the SMTP server; not retried']]);
    expect(server.received).toHaveLength(0);
  });

  it('drops pending retries at close, and sends nothing after', async () => {
    server = await startTestSmtpServer({ failFirst: 1 });
    const sink = recordingLog();
    mailer = new Mailer(configFor(server.port), sink.log, { retryDelaysMs: [60_000] });
    mailer.send(mail('x@example.org'));
    await sink.until(() => sink.entries.length > 0);
    await mailer.close();
    expect(sink.entries.at(-1)).toMatchObject({ level: 'warn', msg: 'mail retries dropped at shutdown', obj: { dropped: 1 } });
    expect(mailer.send(mail('y@example.org'))).toBe(false);
  });
});
