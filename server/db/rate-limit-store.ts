import { createHash } from 'node:crypto';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { sql } from 'kysely';
import type { Db } from './database.js';

type Result = { current: number; ttl: number };
type Callback = (error: Error | null, result?: Result) => void;

/**
 * Keys embed request data (an IP, a conversation id from the path) that may hold anything, NUL included,
 * which PostgreSQL text refuses; stored as a fixed-length digest they are always storable and indexable.
 */
function storedKey(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}

/** The database clock in epoch ms: every server counts windows on the same clock. */
const NOW = sql<number>`(extract(epoch from clock_timestamp()) * 1000)::bigint`;

/**
 * A @fastify/rate-limit store whose counters live in PostgreSQL (`rate_limits`), so N servers on one
 * database allow the documented limits, not N times them. Passed as the plugin's `store`, it serves
 * every limit the app declares (login, public API, any route's `config.rateLimit`): each route gets a
 * child keyed by method and URL. One atomic upsert per limited request: the first hit of a window
 * creates the row, later hits increment it, a hit after the window starts a new one.
 */
export function postgresRateLimitStore(db: Db): FastifyRateLimitStoreCtor {
  class PostgresRateLimitStore implements FastifyRateLimitStore {
    constructor(private readonly prefix = '') {}

    incr(key: string, callback: Callback, timeWindow: number): void {
      sql<{ count: number; ttl: number }>`
        insert into rate_limits as r (key, count, expires_at) values (${storedKey(this.prefix + key)}, 1, ${NOW} + ${timeWindow})
        on conflict (key) do update set
          count = case when r.expires_at <= ${NOW} then 1 else r.count + 1 end,
          expires_at = case when r.expires_at <= ${NOW} then ${NOW} + ${timeWindow} else r.expires_at end
        returning count, (expires_at - ${NOW}) as ttl`.execute(db).then(
        ({ rows }) => callback(null, { current: Number(rows[0]!.count), ttl: Math.max(0, Number(rows[0]!.ttl)) }),
        (error: Error) => callback(error),
      );
    }

    read(key: string, callback: Callback): void {
      sql<{ count: number; ttl: number }>`
        select count, (expires_at - ${NOW}) as ttl from rate_limits where key = ${storedKey(this.prefix + key)} and expires_at > ${NOW}`.execute(db).then(
        ({ rows }) => callback(null, rows[0] ? { current: Number(rows[0].count), ttl: Number(rows[0].ttl) } : { current: 0, ttl: 0 }),
        (error: Error) => callback(error),
      );
    }

    // At runtime the plugin passes the merged limit options with `routeInfo` (the route's options; empty for
    // limiters made with app.createRateLimit), whatever its type declaration says.
    child(options: unknown): FastifyRateLimitStore {
      const route = (options as { routeInfo?: { method?: unknown; url?: unknown } }).routeInfo ?? {};
      return new PostgresRateLimitStore(`${this.prefix}${String(route.method ?? '')}${String(route.url ?? '')}-`);
    }
  }
  return PostgresRateLimitStore as unknown as FastifyRateLimitStoreCtor;
}

/** Deletes windows that ended more than a minute ago (any server may do it; it is idempotent). */
export async function sweepRateLimits(db: Db): Promise<void> {
  await sql`delete from rate_limits where expires_at < ${NOW} - 60000`.execute(db);
}
