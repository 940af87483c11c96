import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { NOW, STALE_MS, type ServerHeartbeat } from './server-heartbeat.js';

/**
 * The cap on open visitor sockets per conversation. `acquire` answers whether one more may open (and
 * takes the slot); `release` gives it back when that socket's connection closes.
 */
export interface SocketSlots {
  acquire(conversationId: string): Promise<boolean>;
  release(conversationId: string): void;
  /** Open visitor sockets of the conversation now (on every live server). */
  count(conversationId: string): Promise<number>;
  close(): Promise<void>;
}

/** One process (SQLite installs): counted in memory. */
export class LocalSocketSlots implements SocketSlots {
  private readonly open = new Map<string, number>();
  constructor(private readonly max: number) {}

  async acquire(conversationId: string): Promise<boolean> {
    const count = this.open.get(conversationId) ?? 0;
    if (count >= this.max) return false;
    this.open.set(conversationId, count + 1);
    return true;
  }

  release(conversationId: string): void {
    const left = (this.open.get(conversationId) ?? 1) - 1;
    if (left > 0) this.open.set(conversationId, left);
    else this.open.delete(conversationId);
  }

  async count(conversationId: string): Promise<number> {
    return this.open.get(conversationId) ?? 0;
  }

  async close(): Promise<void> {
    this.open.clear();
  }
}

/**
 * Several servers on one PostgreSQL database: each counts its own sockets per conversation in
 * `live_socket_slots` under its heartbeat's id; the cap applies to the sum over live servers. Taking a
 * slot locks the conversation (transaction-scoped advisory lock), so two servers cannot both take the last one.
 */
export class PostgresSocketSlots implements SocketSlots {
  private readonly db: Db;
  private readonly serverId: string;

  constructor(heartbeat: ServerHeartbeat, private readonly max: number, private readonly onError: (error: unknown) => void) {
    this.db = heartbeat.db;
    this.serverId = heartbeat.serverId;
    heartbeat.onSweep((goneBefore) =>
      sql`delete from live_socket_slots where server_id in (select server_id from live_servers where seen_at <= ${goneBefore})`.execute(this.db));
  }

  async acquire(conversationId: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext(${`socket-slots:${conversationId}`}))`.execute(trx);
      const { rows } = await sql<{ open: string | number | null }>`
        select sum(s.count) as open from live_socket_slots s join live_servers v on v.server_id = s.server_id
        where s.conversation_id = ${conversationId} and v.seen_at > ${NOW} - ${STALE_MS}`.execute(trx);
      if (Number(rows[0]?.open ?? 0) >= this.max) return false;
      await sql`
        insert into live_socket_slots as s (conversation_id, server_id, count) values (${conversationId}, ${this.serverId}, 1)
        on conflict (conversation_id, server_id) do update set count = s.count + 1`.execute(trx);
      return true;
    });
  }

  async count(conversationId: string): Promise<number> {
    const { rows } = await sql<{ open: string | number | null }>`
      select sum(s.count) as open from live_socket_slots s join live_servers v on v.server_id = s.server_id
      where s.conversation_id = ${conversationId} and v.seen_at > ${NOW} - ${STALE_MS}`.execute(this.db);
    return Number(rows[0]?.open ?? 0);
  }

  release(conversationId: string): void {
    sql`update live_socket_slots set count = count - 1 where conversation_id = ${conversationId} and server_id = ${this.serverId}`
      .execute(this.db)
      .then(() => sql`delete from live_socket_slots where conversation_id = ${conversationId} and server_id = ${this.serverId} and count <= 0`.execute(this.db))
      .catch(this.onError);
  }

  async close(): Promise<void> {
    await sql`delete from live_socket_slots where server_id = ${this.serverId}`.execute(this.db).catch(this.onError);
  }
}
