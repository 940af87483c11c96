import type { LogEvent } from 'kysely';

/**
 * Counts the statements sent to the database, for the benchmark (`GET /internal/metrics`) and for
 * tests that pin how many round trips a request makes (difference of `totalQueries()` around one
 * request). Installed as Kysely's `log` hook, which wraps every connection's executeQuery: it sees
 * each statement including BEGIN, COMMIT and ROLLBACK, i.e. one event per round trip on PostgreSQL
 * (one statement run on SQLite), and failed statements too (a failed round trip still cost one).
 * One process-wide total: a server opens one database. (Per-request scoping through
 * AsyncLocalStorage was left out: Fastify's inject does not carry the caller's async context.)
 */
let total = 0;
let notifies = 0;

export function countQuery(event: LogEvent): void {
  total++;
  if (event.query.sql.startsWith('select pg_notify(')) notifies++;
}

/**
 * Of those, the event bus's NOTIFY batches (PostgreSQL): sent after the commit on the bus's own
 * schedule, one statement per batch of events however many requests published them.
 */
export function totalNotifies(): number {
  return notifies;
}

/** Statements run by every database opened in this process since it started. */
export function totalQueries(): number {
  return total;
}
