import type { ConnectionOptions } from 'node:tls';
import nodemailer, { type Transporter } from 'nodemailer';
import type { SmtpConfig } from '../config.js';
import type { MailMessage } from './message.js';

export interface TransportOptions {
  /** Extra TLS options (tests trust their own certificate authority with `ca`). */
  tls?: ConnectionOptions;
  timeoutMs?: number;
}

/**
 * A nodemailer SMTP transport for SMTP_URL: smtps:// speaks TLS from the first byte; smtp:// upgrades
 * with STARTTLS when offered and, when it has credentials, insists on it (a password never travels
 * unencrypted). Certificates are verified. One connection per message: nothing stays open between sends.
 */
export function createSmtpTransport(smtp: SmtpConfig, options: TransportOptions = {}): Transporter {
  const timeout = options.timeoutMs ?? 15_000;
  return nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    requireTLS: !smtp.secure && smtp.username !== null,
    auth: smtp.username === null ? undefined : { user: smtp.username, pass: smtp.password ?? '' },
    tls: { rejectUnauthorized: true, ...options.tls },
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
}

/** Sends one message now; rejects with nodemailer's error (which carries `responseCode` when the server refused). */
export async function deliver(transport: Transporter, smtp: SmtpConfig, message: MailMessage): Promise<void> {
  await transport.sendMail({
    from: smtp.from,
    // The envelope sender is the bare configured address, whatever the From header's display name.
    envelope: { from: smtp.fromAddress, to: message.to.address },
    to: message.to.name ? { name: message.to.name, address: message.to.address } : message.to.address,
    subject: message.subject,
    text: message.text,
    html: message.html,
    // Mail clients show their own "unsubscribe" and POST `List-Unsubscribe=One-Click` to the URL (RFC 8058).
    ...(message.unsubscribeUrl ? { list: { unsubscribe: message.unsubscribeUrl }, headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } } : {}),
  });
}
