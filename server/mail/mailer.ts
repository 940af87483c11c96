import type { FastifyBaseLogger } from 'fastify';
import type { Transporter } from 'nodemailer';
import type { Config, SmtpConfig } from '../config.js';
import type { MailMessage } from './message.js';
import { createSmtpTransport, deliver, type TransportOptions } from './transport.js';

/** What stops mail from being sent, as configuration names (the dashboard's Settings shows it). */
export type MailBlocker = 'SMTP_URL' | 'PUBLIC_URL';

export interface MailStatus {
  enabled: boolean;
  /** Empty when enabled. */
  missing: MailBlocker[];
}

/**
 * Mail needs both an SMTP server and PUBLIC_URL: every mail carries a link, and a link in a mail is
 * only ever built from PUBLIC_URL (never from a request's Host header, which an attacker can choose).
 */
export function mailStatus(config: Pick<Config, 'smtp' | 'publicUrl'>): MailStatus {
  const missing: MailBlocker[] = [];
  if (!config.smtp) missing.push('SMTP_URL');
  if (!config.publicUrl) missing.push('PUBLIC_URL');
  return { enabled: missing.length === 0, missing };
}

export interface MailerOptions extends TransportOptions {
  /** Waits before each retry of a failed send; its length is the number of retries. */
  retryDelaysMs?: number[];
}

const DEFAULT_RETRY_DELAYS_MS = [10_000, 60_000, 300_000];

/**
 * The one way the server sends mail. `send` hands a message over and returns at once: delivery runs
 * in the background, a temporary failure is retried with backoff, and every failure is logged, so
 * the request that caused a mail never waits for, or fails with, the mail server. A permanent
 * refusal (an SMTP 5xx, e.g. an unknown recipient) is not retried. Queued retries live in memory: a
 * restart drops them (logged at close).
 */
export class Mailer {
  readonly status: MailStatus;
  private readonly smtp: SmtpConfig | null;
  private readonly publicUrl: string | null;
  private readonly transport: Transporter | null;
  private readonly retryDelaysMs: number[];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;

  constructor(config: Pick<Config, 'smtp' | 'publicUrl'>, private readonly log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>, options: MailerOptions = {}) {
    this.status = mailStatus(config);
    this.smtp = config.smtp;
    this.publicUrl = config.publicUrl;
    this.transport = this.status.enabled && config.smtp ? createSmtpTransport(config.smtp, options) : null;
    this.retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  }

  get enabled(): boolean {
    return this.transport !== null && !this.closed;
  }

  /** An absolute link for a mail: PUBLIC_URL + path. Only meaningful while `enabled`. */
  link(path: string): string {
    if (!this.publicUrl) throw new Error('PUBLIC_URL is not set: no link can be mailed.');
    return `${this.publicUrl}${path}`;
  }

  /** Queues a message; false when mail is off (nothing is sent). Never throws, never waits for the mail server. */
  send(message: MailMessage): boolean {
    if (!this.enabled) return false;
    this.attempt(message, 0);
    return true;
  }

  private attempt(message: MailMessage, retry: number): void {
    const run = deliver(this.transport!, this.smtp!, message).then(
      () => this.log.info({ mail: message.kind, retry }, 'mail sent'),
      (error: Error & { responseCode?: number }) => {
        const permanent = (error.responseCode ?? 0) >= 500;
        const delay = this.retryDelaysMs[retry];
        const context = { mail: message.kind, retry, responseCode: error.responseCode, err: error };
        if (permanent || delay === undefined || this.closed) {
          this.log.error(context, permanent ? 'mail refused by the SMTP server; not retried' : 'mail not sent; giving up');
          return;
        }
        this.log.warn({ ...context, retryInMs: delay }, 'mail not sent; will retry');
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.attempt(message, retry + 1);
        }, delay);
        this.timers.add(timer);
      },
    );
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
  }

  /** Stops retrying (pending retries are dropped and logged) and waits for sends already under way. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timers.size > 0) this.log.warn({ dropped: this.timers.size }, 'mail retries dropped at shutdown');
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.inFlight]);
    this.transport?.close();
  }
}
