import type { Db } from '../db/database.js';
import type { AgentNotificationsTable } from '../db/schema.js';
import type { App } from '../types.js';
import { buildDigest } from './digest-content.js';
import { loadPrefRows, wants } from './prefs.js';

type Pending = AgentNotificationsTable;

/** Thrown inside the claim transaction to roll it back when another server took the items first. */
class NothingToSend extends Error {}

/**
 * Sends teammates their digests. Every tick: for each teammate with pending items old enough to
 * settle (a burst goes out as one mail), drop what they do not want or saw live (a dashboard open in
 * that workspace now, or when the item happened), then claim a send: one conditional UPDATE of
 * `agent_digests.last_sent_at` (at most one mail per window) and the DELETE … RETURNING of the items,
 * in one transaction. On PostgreSQL the row lock makes a second server's UPDATE see the new time
 * and match nothing, so each item is mailed once. Mail is handed to the Mailer after the commit:
 * at most once (a crash right then loses that digest rather than sending it twice).
 */
export class AgentDigests {
  private readonly windowMs: number;
  private readonly settleMs: number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(private readonly app: App) {
    this.windowMs = app.config.agentEmailDigestS * 1000;
    this.settleMs = Math.min(this.windowMs / 5, 60_000);
  }

  start(): void {
    const every = Math.min(Math.max(this.windowMs / 10, 250), 15_000);
    this.timer = setInterval(() => void this.runOnce().catch((err: unknown) => this.app.log.warn({ err }, 'teammate digests failed')), every);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => 0);
  }

  /** One pass; answers how many digests were handed to the mailer. Passes never overlap on one server. */
  runOnce(): Promise<number> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<number> {
    const { db, mailer } = this.app;
    const now = Date.now();
    if (!mailer.enabled) {
      // No mail on this install: nothing pending should pile up.
      await db.deleteFrom('agent_notifications').where('created_at', '<=', now).execute();
      return 0;
    }
    const due = await db.selectFrom('agent_notifications').select('user_id')
      .groupBy('user_id').having((eb) => eb.fn.min('created_at'), '<=', now - this.settleMs)
      .limit(100).execute();
    let sent = 0;
    for (const { user_id: userId } of due) {
      if (await this.sendTo(db, userId, now)) sent += 1;
    }
    return sent;
  }

  private async sendTo(db: Db, userId: string, now: number): Promise<boolean> {
    const pending = await db.selectFrom('agent_notifications').selectAll().where('user_id', '=', userId).where('created_at', '<=', now).execute();
    const keep = await this.dropUnwanted(db, userId, pending);
    if (keep.length === 0) return false;
    const ids = keep.map((p) => p.id);
    let claimed: Pending[];
    try {
      claimed = await db.transaction().execute(async (trx) => {
        await trx.insertInto('agent_digests').values({ user_id: userId, last_sent_at: 0 }).onConflict((oc) => oc.column('user_id').doNothing()).execute();
        const slot = await trx.updateTable('agent_digests').set({ last_sent_at: now })
          .where('user_id', '=', userId).where('last_sent_at', '<=', now - this.windowMs).executeTakeFirst();
        if (slot.numUpdatedRows === 0n) throw new NothingToSend();
        const rows = await trx.deleteFrom('agent_notifications').where('id', 'in', ids).returningAll().execute();
        if (rows.length === 0) throw new NothingToSend();
        return rows;
      });
    } catch (error) {
      if (error instanceof NothingToSend) return false;
      throw error;
    }
    const message = await buildDigest(this.app, userId, claimed);
    return message ? this.app.mailer.send(message) : false;
  }

  /** Deletes (and leaves out) items the teammate switched off, or saw live on their dashboard. */
  private async dropUnwanted(db: Db, userId: string, pending: Pending[]): Promise<Pending[]> {
    const ownerIds = [...new Set(pending.map((p) => p.owner_id))];
    const prefs = await loadPrefRows(db, userId, ownerIds);
    const seen = new Map<string, number | null>();
    for (const ownerId of ownerIds) seen.set(ownerId, await this.app.presence.lastSeenAt(ownerId, userId));
    const drop: string[] = [];
    const keep: Pending[] = [];
    for (const item of pending) {
      const lastSeen = seen.get(item.owner_id) ?? null;
      if (!wants(prefs.get(item.owner_id), item.kind) || (lastSeen !== null && item.created_at <= lastSeen)) drop.push(item.id);
      else keep.push(item);
    }
    if (drop.length) await db.deleteFrom('agent_notifications').where('id', 'in', drop).execute();
    return keep;
  }
}

/** Starts the background sender (stopped at close); `app.agentDigests.runOnce()` runs a pass now. */
export function startAgentDigests(app: App): void {
  const digests = new AgentDigests(app);
  app.decorate('agentDigests', digests);
  digests.start();
  app.addHook('onClose', () => digests.stop());
}
