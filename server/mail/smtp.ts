import net from 'node:net';
import os from 'node:os';
import tls from 'node:tls';
import { randomBytes } from 'node:crypto';
import type { SmtpConfig } from '../config.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface SendOptions {
  /** Extra TLS options (tests trust their own certificate authority with `ca`). */
  tls?: tls.ConnectionOptions;
  timeoutMs?: number;
}

/**
 * Sends one plain-text message over SMTP (RFC 5321): smtps:// speaks TLS from the start; smtp://
 * upgrades with STARTTLS when the server offers it, and refuses to send a password when it does not.
 * AUTH PLAIN or LOGIN. The body goes base64-encoded, so no line of it can end the DATA section.
 */
export async function sendMail(config: SmtpConfig, message: MailMessage, options: SendOptions = {}): Promise<void> {
  for (const value of [message.to, message.subject]) {
    if (/[\r\n]/.test(value)) throw new Error('Mail header values cannot contain line breaks.');
  }
  const tlsOptions = { servername: net.isIP(config.host) ? undefined : config.host, ...options.tls };
  const socket = config.secure
    ? tls.connect({ host: config.host, port: config.port, ...tlsOptions })
    : net.connect({ host: config.host, port: config.port });
  const timeoutMs = options.timeoutMs ?? 15_000;
  let session = new SmtpSession(socket, timeoutMs);
  try {
    await session.expect(null, [220]);
    let features = await session.expect(`EHLO ${heloName()}`, [250]);
    if (!config.secure) {
      if (features.some((line) => /^STARTTLS\b/i.test(line))) {
        await session.expect('STARTTLS', [220]);
        session = new SmtpSession(await upgrade(session.release(), tlsOptions, timeoutMs), timeoutMs);
        features = await session.expect(`EHLO ${heloName()}`, [250]);
      } else if (config.username) {
        throw new Error('The SMTP server does not offer STARTTLS; refusing to send the password unencrypted (use smtps:// for TLS on connect).');
      }
    }
    if (config.username) await authenticate(session, features, config.username, config.password ?? '');
    await session.expect(`MAIL FROM:<${config.fromAddress}>`, [250]);
    await session.expect(`RCPT TO:<${message.to}>`, [250, 251]);
    await session.expect('DATA', [354]);
    await session.expect(`${formatMessage(config, message)}\r\n.`, [250], 'message');
    await session.expect('QUIT', [221]).catch(() => undefined);
  } finally {
    session.close();
  }
}

async function authenticate(session: SmtpSession, features: string[], username: string, password: string): Promise<void> {
  const auth = features.find((line) => /^AUTH\b/i.test(line))?.toUpperCase().split(/\s+/) ?? [];
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  if (auth.includes('PLAIN')) {
    await session.expect(`AUTH PLAIN ${b64(`\u0000${username}\u0000${password}`)}`, [235], 'AUTH');
  } else if (auth.includes('LOGIN')) {
    await session.expect('AUTH LOGIN', [334]);
    await session.expect(b64(username), [334], 'AUTH');
    await session.expect(b64(password), [235], 'AUTH');
  } else {
    throw new Error('The SMTP server offers no supported AUTH mechanism (PLAIN or LOGIN).');
  }
}

function formatMessage(config: SmtpConfig, message: MailMessage): string {
  const domain = config.fromAddress.split('@')[1] ?? 'localhost';
  const headers = [
    `From: ${config.from}`,
    `To: <${message.to}>`,
    `Subject: ${encodeHeader(message.subject)}`,
    `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${randomBytes(12).toString('hex')}@${domain}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
  ];
  const body = Buffer.from(message.text.replace(/\r?\n/g, '\r\n'), 'utf8').toString('base64').replace(/.{1,76}/g, '$&\r\n');
  return `${headers.join('\r\n')}\r\n\r\n${body}`;
}

/** RFC 2047 encoded-word for non-ASCII subjects. */
function encodeHeader(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

function heloName(): string {
  const name = os.hostname();
  return /^[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/.test(name) ? name : '[127.0.0.1]';
}

function upgrade(socket: net.Socket, options: tls.ConnectionOptions, timeoutMs: number): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const secure = tls.connect({ ...options, socket }, () => resolve(secure));
    secure.setTimeout(timeoutMs, () => secure.destroy(new Error('SMTP TLS handshake timed out.')));
    secure.once('error', reject);
  });
}

/** Line-oriented request/reply over one socket; a reply ends at its line with a space after the code. */
class SmtpSession {
  private buffer = '';
  private lines: string[] = [];
  private waiter: (() => void) | null = null;
  private failure: Error | null = null;

  constructor(private readonly socket: net.Socket, timeoutMs: number) {
    socket.setTimeout(timeoutMs, () => this.fail(new Error('SMTP server timed out.')));
    socket.on('data', this.onData);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
  }

  private readonly onData = (chunk: Buffer) => {
    this.buffer += chunk.toString('utf8');
    let end: number;
    while ((end = this.buffer.indexOf('\r\n')) >= 0) {
      this.lines.push(this.buffer.slice(0, end));
      this.buffer = this.buffer.slice(end + 2);
    }
    this.wake();
  };
  private readonly onError = (error: Error) => this.fail(error);
  private readonly onClose = () => this.fail(new Error('SMTP connection closed.'));

  private fail(error: Error) {
    this.failure ??= error;
    this.wake();
  }

  private wake() {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.();
  }

  /**
   * Sends `command` (unless null), reads the reply, and returns its text lines when the code is
   * expected. `label` names the step in errors instead of the command (credentials never reach a log).
   */
  async expect(command: string | null, codes: number[], label?: string): Promise<string[]> {
    if (command !== null) this.socket.write(`${command}\r\n`);
    const reply: string[] = [];
    for (;;) {
      const line = this.lines.shift();
      if (line === undefined) {
        if (this.failure) throw this.failure;
        await new Promise<void>((resolve) => (this.waiter = resolve));
        continue;
      }
      reply.push(line);
      if (/^\d{3}(?: |$)/.test(line)) break;
      if (!/^\d{3}-/.test(line)) throw new Error(`Malformed SMTP reply: ${line.slice(0, 100)}`);
    }
    const code = Number(reply.at(-1)!.slice(0, 3));
    const step = label ?? (command === null ? 'greeting' : command.split(' ')[0]);
    if (!codes.includes(code)) throw new Error(`SMTP ${step} answered ${reply.at(-1)!.slice(0, 200)}`);
    return reply.map((line) => line.slice(4));
  }

  /** Hands the raw socket over (for the TLS upgrade); this session stops reading it. */
  release(): net.Socket {
    this.socket.off('data', this.onData).off('error', this.onError).off('close', this.onClose);
    this.socket.setTimeout(0);
    return this.socket;
  }

  close() {
    this.socket.off('close', this.onClose);
    this.socket.destroy();
  }
}
