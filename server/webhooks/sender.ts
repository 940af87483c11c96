import type { FastifyBaseLogger } from 'fastify';
import type { WebhookConfig } from '../config.js';
import type { Db, Engine } from '../db/database.js';
import type { WebhookDelivery } from '../db/schema.js';
import { postWebhook, type AttemptResult } from './post.js';
import { signatureHeader } from './signature.js';

/**
 * Wait after the n-th failed attempt (index n-1). 8 attempts spread over 31.6 h (≥ 24 h, api.md);
 * after the 8th failure the delivery is `failed`.
 */
export const RETRY_DELAYS_MS = [1, 5, 30, 120, 300, 600, 840].map((minutes) => minutes * 60_000);
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** This many deliveries in a row ending `failed` turn the endpoint off (with a reason the dashboard shows). */
export const DISABLE_AFTER_FAILED_DELIVERIES = 5;
/** Attempts in flight at once per server; a slow endpoint holds one slot, not the whole sender. */
const MAX_IN_FLIGHT = 32;
/** Finished deliveries (delivered or failed) stay in the log this long, then are pruned. */
export const LOG_RETENTION_MS = 30 * 24 * 60 * 60_000;
const PRUNE_EVERY_MS = 10 * 60_000;

export interface SenderOptions {
  db: Db;
  engine: Engine;
  config: WebhookConfig;
  log: Pick<FastifyBaseLogger, 'warn' | 'error'>;
  /** How often to look for due rows when nobody woke the sender (rows written by other servers, retries). */
  pollMs?: number;
}

/**
 * The background loop that sends webhook deliveries, up to MAX_IN_FLIGHT at once. It claims due rows by pushing their
 * `claimed_until` lease forward in one UPDATE (PostgreSQL: the candidate rows are picked `FOR UPDATE
 * SKIP LOCKED`, so several servers never claim the same row; SQLite: the one UPDATE holds the write
 * lock). A claim outlives one attempt (3× the timeout); a server killed mid-send leaves a claim that
 * runs out, and the row is sent again (at-least-once; receivers dedupe on X-FloatMessage-Delivery).
 */
export class WebhookSender {
  private stopped = true;
  private wakeUp: (() => void) | null = null;
  private woken = false;
  private loop: Promise<void> | null = null;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private prunedAt = 0;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: SenderOptions) {
    this.pollMs = options.pollMs ?? 2000;
    this.leaseMs = options.config.timeoutMs * 3;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
  }

  /** New rows were committed (or made due): look now rather than at the next poll. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Stops claiming and waits for the attempts in flight (each bounded by the timeout). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.loop;
    await Promise.all(this.inFlight);
  }

  /**
   * Claims as many due rows as there are free slots and starts their attempts without waiting for
   * them; a finished attempt frees its slot and wakes the loop once half the slots are free.
   */
  private async run(): Promise<void> {
    while (!this.stopped) {
      this.woken = false;
      const free = MAX_IN_FLIGHT - this.inFlight.size;
      let claimed: WebhookDelivery[] = [];
      try {
        await this.pruneLog();
        if (free > 0) claimed = await this.claimDue(free);
      } catch (err) {
        this.options.log.warn({ err }, 'webhook sender: claiming failed; retrying shortly');
      }
      for (const delivery of claimed) this.track(delivery);
      // All slots taken (or nothing due): sleep until a slot frees, a commit wakes us, or the poll.
      if (this.woken || this.stopped) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.pollMs);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = null;
    }
  }

  /** Deletes finished deliveries older than the retention (at most every 10 minutes; any server may do it). */
  async pruneLog(): Promise<void> {
    const now = Date.now();
    if (now - this.prunedAt < PRUNE_EVERY_MS) return;
    this.prunedAt = now;
    await this.options.db.deleteFrom('webhook_deliveries').where('status', '<>', 'pending').where('created_at', '<', now - LOG_RETENTION_MS).execute();
  }

  private track(delivery: WebhookDelivery): void {
    const attempt = this.attempt(delivery)
      .catch((err: unknown) => this.options.log.warn({ err, deliveryId: delivery.id }, 'webhook sender: an attempt could not be recorded; its claim runs out and it is sent again'))
      .finally(() => {
        this.inFlight.delete(attempt);
        if (this.inFlight.size <= MAX_IN_FLIGHT / 2) this.wake();
      });
    this.inFlight.add(attempt);
  }

  /** Claims up to `limit` due deliveries of active endpoints. */
  private async claimDue(limit: number): Promise<WebhookDelivery[]> {
    const { db, engine } = this.options;
    const now = Date.now();
    let due = db.selectFrom('webhook_deliveries as d')
      .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
      .select('d.id')
      .where('d.status', '=', 'pending')
      .where('d.next_attempt_at', '<=', now)
      .where('d.claimed_until', '<', now)
      .where('w.active', '=', 1)
      .orderBy('d.next_attempt_at')
      .limit(limit);
    if (engine === 'postgres') due = due.forUpdate(['d']).skipLocked();
    return db.updateTable('webhook_deliveries')
      .set({ claimed_until: now + this.leaseMs })
      .where('id', 'in', due)
      .where('claimed_until', '<', now)
      .returningAll()
      .execute();
  }

  private async attempt(delivery: WebhookDelivery): Promise<void> {
    const { db, config } = this.options;
    const hook = await db.selectFrom('webhooks').select(['url', 'secret']).where('id', '=', delivery.webhook_id).executeTakeFirst();
    if (!hook) return; // deleted meanwhile (its deliveries cascade)
    const result = await postWebhook({
      url: hook.url,
      body: delivery.payload,
      timeoutMs: config.timeoutMs,
      allowPrivate: config.allowPrivate,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'FloatMessage-Webhooks/1',
        'x-floatmessage-event': delivery.event_type,
        'x-floatmessage-delivery': delivery.id,
        'x-floatmessage-signature': signatureHeader(hook.secret, delivery.payload, Math.floor(Date.now() / 1000)),
      },
    });
    await this.record(delivery, result);
  }

  /** Stores the attempt's outcome, only while our claim still holds (a redelivery may have reset the row). */
  private async record(delivery: WebhookDelivery, result: AttemptResult): Promise<void> {
    const { db } = this.options;
    const now = Date.now();
    const attempts = delivery.attempts + 1;
    const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
    const final = ok || attempts >= MAX_ATTEMPTS;
    await db.transaction().execute(async (trx) => {
      const updated = await trx.updateTable('webhook_deliveries')
        .set({
          status: ok ? 'delivered' : final ? 'failed' : 'pending',
          attempts,
          last_status_code: result.statusCode,
          last_error: result.error,
          last_response: result.response,
          delivered_at: ok ? now : null,
          next_attempt_at: final ? now : now + RETRY_DELAYS_MS[attempts - 1]!,
          claimed_until: 0,
        })
        .where('id', '=', delivery.id)
        .where('claimed_until', '=', delivery.claimed_until)
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n || !final) return;
      if (ok) {
        await trx.updateTable('webhooks').set({ consecutive_failures: 0 }).where('id', '=', delivery.webhook_id).where('consecutive_failures', '>', 0).execute();
        return;
      }
      await trx.updateTable('webhooks')
        .set((eb) => ({ consecutive_failures: eb('consecutive_failures', '+', 1) }))
        .where('id', '=', delivery.webhook_id)
        .execute();
      await trx.updateTable('webhooks')
        .set({
          active: 0,
          updated_at: now,
          disabled_reason: `Turned off after ${DISABLE_AFTER_FAILED_DELIVERIES} deliveries in a row failed (last: ${result.error ?? 'no answer'}). Fix the receiver, then turn it back on.`.slice(0, 1000),
        })
        .where('id', '=', delivery.webhook_id)
        .where('active', '=', 1)
        .where('consecutive_failures', '>=', DISABLE_AFTER_FAILED_DELIVERIES)
        .execute();
    });
  }
}
