import { createHash } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type pg from 'pg';

/** Statements whose SQL text starts with this are kept prepared on each PostgreSQL connection. */
const MARK = '/* prepared */ ';

/**
 * Marks a hot, fixed-shape statement to be prepared once per pooled connection (PostgreSQL; the mark is a
 * comment, so SQLite, whose statements are cached anyway, ignores it). Measured at 1M tickets: the
 * ticket view statement spent ~1.2 ms planning against ~0.15 ms executing — every table index is a
 * plan the planner weighs — so planning was most of the database's CPU for GET /api/tickets/{id}.
 * Mark only statements whose best plan does not depend on the parameters — a lookup of ONE row by a unique
 * key: after five runs PostgreSQL may switch a prepared statement to one generic plan, and the generic plan of
 * `owner_id = $1 and id in ($2 … $51)` walked a 1M-ticket owner's index (104 ms of backend CPU per inbox page).
 */
export function prepared<T>(statement: RawBuilder<T>): RawBuilder<T> {
  return sql<T>`${sql.raw(MARK)}${statement}`;
}

const names = new Map<string, string>();

/** A name unique to the text (node-pg refuses one name for two texts), computed once per text. */
function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `fm_${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

type QueryFn = (text: unknown, values?: unknown) => Promise<pg.QueryResult>;

/**
 * Makes a pooled client run marked statements as named (prepared) ones. If a prepared statement stops
 * fitting its tables — another server's migration changed a `t.*` column list, "cached plan must not
 * change result type" (0A000) — the statement is run again unprepared, and this connection prepares
 * nothing more (the pool replaces connections over time).
 */
export function preparePooledStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as QueryFn;
  let enabled = true;
  (client as unknown as { query: QueryFn }).query = (text, values) => {
    if (!enabled || typeof text !== 'string' || !text.startsWith(MARK)) return query(text, values);
    return query({ name: nameOf(text), text, values }).catch((error: { code?: string }) => {
      if (error?.code !== '0A000') throw error;
      enabled = false;
      return query(text, values);
    });
  };
}
