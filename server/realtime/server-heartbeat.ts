import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/database.js';
import { newId } from '../lib/ids.js';

/** The database clock in epoch ms: every server judges liveness on the same clock. */
export const NOW = sql<number>`(extract(epoch from clock_timestamp()) * 1000)::bigint`;
const HEARTBEAT_MS = 10_000;
/** A server not seen for this long is gone (crashed or cut off): what it counted no longer counts. */
export const STALE_MS = 3 * HEARTBEAT_MS;

/**
 * One server's proof of life on PostgreSQL: one id and one row in `live_servers`, refreshed every 10 s.
 * Everything a server counts for the others (visitor socket slots, dashboard presence) is keyed by this
 * id and counts only while the row is fresh. Each of those registers a sweep of its own rows left by
 * servers gone for long; the heartbeat runs the sweeps, then forgets those servers.
 */
export class ServerHeartbeat {
  readonly serverId = newId();
  private readonly sweeps: ((goneBefore: RawBuilder<number>) => Promise<unknown>)[] = [];
  private timer: NodeJS.Timeout | null = null;

  private constructor(readonly db: Db, private readonly onError: (error: unknown) => void) {}

  static async start(db: Db, onError: (error: unknown) => void): Promise<ServerHeartbeat> {
    const heartbeat = new ServerHeartbeat(db, onError);
    await heartbeat.beat();
    heartbeat.timer = setInterval(() => void heartbeat.beat().catch(onError), HEARTBEAT_MS);
    heartbeat.timer.unref();
    return heartbeat;
  }

  /** `sweep(goneBefore)` deletes or closes the rows of servers whose last beat is at or before `goneBefore`. */
  onSweep(sweep: (goneBefore: RawBuilder<number>) => Promise<unknown>): void {
    this.sweeps.push(sweep);
  }

  /** Called after the modules using this heartbeat have closed: the others stop counting us at once. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await sql`delete from live_servers where server_id = ${this.serverId}`.execute(this.db).catch(this.onError);
  }

  private async beat(): Promise<void> {
    await sql`insert into live_servers (server_id, seen_at) values (${this.serverId}, ${NOW})
      on conflict (server_id) do update set seen_at = excluded.seen_at`.execute(this.db);
    const goneBefore = sql<number>`${NOW} - ${2 * STALE_MS}`;
    for (const sweep of this.sweeps) await sweep(goneBefore);
    await sql`delete from live_servers where seen_at <= ${goneBefore}`.execute(this.db);
  }
}
