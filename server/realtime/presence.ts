import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/database.js';
import { NOW, STALE_MS, type ServerHeartbeat } from './server-heartbeat.js';

/**
 * Who has the dashboard open: live owner sockets (`/api/ws` opened with a session, not an API token)
 * per (workspace, user). The widget config asks whether a workspace is online; the teammate digests ask
 * whether a teammate is online, and when they were last seen (what they saw live is not mailed).
 */
export interface Presence {
  /** A dashboard socket opened / closed. Never throws; failures are logged by the implementation. */
  join(ownerId: string, userId: string): void;
  leave(ownerId: string, userId: string): void;
  isUserOnline(ownerId: string, userId: string): Promise<boolean>;
  isWorkspaceOnline(ownerId: string): Promise<boolean>;
  /** Now (epoch ms) while online; else when their last dashboard socket closed; null if never seen. */
  lastSeenAt(ownerId: string, userId: string): Promise<number | null>;
  close(): Promise<void>;
}

const key = (ownerId: string, userId: string) => `${ownerId}\n${userId}`;

/** One process (SQLite installs): counted in memory. */
export class LocalPresence implements Presence {
  private readonly open = new Map<string, number>();
  private readonly left = new Map<string, number>();
  private readonly workspaces = new Map<string, number>();

  join(ownerId: string, userId: string): void {
    this.open.set(key(ownerId, userId), (this.open.get(key(ownerId, userId)) ?? 0) + 1);
    this.workspaces.set(ownerId, (this.workspaces.get(ownerId) ?? 0) + 1);
  }

  leave(ownerId: string, userId: string): void {
    const k = key(ownerId, userId);
    const count = (this.open.get(k) ?? 1) - 1;
    if (count > 0) this.open.set(k, count);
    else {
      this.open.delete(k);
      this.left.set(k, Date.now());
    }
    const inWorkspace = (this.workspaces.get(ownerId) ?? 1) - 1;
    if (inWorkspace > 0) this.workspaces.set(ownerId, inWorkspace);
    else this.workspaces.delete(ownerId);
  }

  async isUserOnline(ownerId: string, userId: string): Promise<boolean> {
    return this.open.has(key(ownerId, userId));
  }

  async isWorkspaceOnline(ownerId: string): Promise<boolean> {
    return this.workspaces.has(ownerId);
  }

  async lastSeenAt(ownerId: string, userId: string): Promise<number | null> {
    const k = key(ownerId, userId);
    return this.open.has(k) ? Date.now() : this.left.get(k) ?? null;
  }

  async close(): Promise<void> {
    this.open.clear();
    this.workspaces.clear();
  }
}

/** "Last seen" is only needed for about one digest window; older rows of closed sockets are swept. */
const KEEP_LEFT_MS = 24 * 60 * 60_000;

/**
 * Several servers on one PostgreSQL database: each server counts its own dashboard sockets per
 * (workspace, user) in `live_presence` under its heartbeat's id (server-heartbeat.ts, shared with the
 * socket slots). Writes of one server run one after another, so a quick open-then-close cannot be
 * applied out of order.
 */
export class PostgresPresence implements Presence {
  private readonly db: Db;
  private readonly serverId: string;
  private writes: Promise<unknown> = Promise.resolve();

  constructor(heartbeat: ServerHeartbeat, private readonly onError: (error: unknown) => void) {
    this.db = heartbeat.db;
    this.serverId = heartbeat.serverId;
    heartbeat.onSweep((goneBefore) => this.sweep(goneBefore));
  }

  join(ownerId: string, userId: string): void {
    this.write(sql`insert into live_presence as p (owner_id, user_id, server_id, count, left_at)
      values (${ownerId}, ${userId}, ${this.serverId}, 1, null)
      on conflict (owner_id, user_id, server_id) do update set count = p.count + 1`);
  }

  leave(ownerId: string, userId: string): void {
    this.write(sql`update live_presence set count = greatest(count - 1, 0),
      left_at = case when count <= 1 then ${NOW} else left_at end
      where owner_id = ${ownerId} and user_id = ${userId} and server_id = ${this.serverId}`);
  }

  async isUserOnline(ownerId: string, userId: string): Promise<boolean> {
    const { rows } = await sql`select 1 from live_presence p join live_servers v on v.server_id = p.server_id
      where p.owner_id = ${ownerId} and p.user_id = ${userId} and p.count > 0 and v.seen_at > ${NOW} - ${STALE_MS} limit 1`.execute(this.db);
    return rows.length > 0;
  }

  async isWorkspaceOnline(ownerId: string): Promise<boolean> {
    const { rows } = await sql`select 1 from live_presence p join live_servers v on v.server_id = p.server_id
      where p.owner_id = ${ownerId} and p.count > 0 and v.seen_at > ${NOW} - ${STALE_MS} limit 1`.execute(this.db);
    return rows.length > 0;
  }

  async lastSeenAt(ownerId: string, userId: string): Promise<number | null> {
    // A live server's open socket: now. A gone server's socket: its last heartbeat. A closed one: when it closed.
    const { rows } = await sql<{ seen: string | number | null }>`
      select max(case when p.count > 0 and v.seen_at > ${NOW} - ${STALE_MS} then ${NOW}
                      when p.count > 0 then v.seen_at else p.left_at end) as seen
      from live_presence p left join live_servers v on v.server_id = p.server_id
      where p.owner_id = ${ownerId} and p.user_id = ${userId}`.execute(this.db);
    const seen = rows[0]?.seen;
    return seen === null || seen === undefined ? null : Number(seen);
  }

  async close(): Promise<void> {
    await this.writes;
    // Our sockets are closing with the server: they count as left now.
    await sql`update live_presence set count = 0, left_at = ${NOW} where server_id = ${this.serverId} and count > 0`.execute(this.db).catch(this.onError);
  }

  private write(query: ReturnType<typeof sql>): void {
    this.writes = this.writes.then(() => query.execute(this.db)).catch(this.onError);
  }

  /** Sockets of servers gone for long count as left when their server was last seen; old "left" rows go. */
  private async sweep(goneBefore: RawBuilder<number>): Promise<void> {
    await sql`update live_presence p set count = 0,
        left_at = coalesce((select v.seen_at from live_servers v where v.server_id = p.server_id), ${NOW})
      where p.count > 0 and not exists (
        select 1 from live_servers v where v.server_id = p.server_id and v.seen_at > ${goneBefore})`.execute(this.db);
    await sql`delete from live_presence where count = 0 and left_at <= ${NOW} - ${KEEP_LEFT_MS}`.execute(this.db);
  }
}
