import type { Db } from '../db/database.js';
import { iso } from '../presenters/accounts.js';

const WEEK_MS = 7 * 86_400_000;
const DEFAULT_WINDOW_WEEKS = 12;

/**
 * Resolution time of tickets closed in [from, to): count, median and 90th percentile (linear
 * interpolation, like PostgreSQL's percentile_cont), and a series per ISO week (weeks start Monday UTC).
 * Durations are read through the (owner_id, closed_at, created_at) index and summarized here, so the
 * arithmetic is identical on both engines.
 */
export async function buildResolutionReport(db: Db, ownerId: string, window: { from?: string; to?: string }, now = Date.now()) {
  const to = window.to ? Date.parse(window.to) : now;
  const from = window.from ? Date.parse(window.from) : to - DEFAULT_WINDOW_WEEKS * WEEK_MS;
  const rows = await db
    .selectFrom('tickets')
    .select(['created_at', 'closed_at'])
    .where('owner_id', '=', ownerId)
    .where('closed_at', '>=', from)
    .where('closed_at', '<', to)
    .execute();

  const durations = rows.map((row) => (Number(row.closed_at) - Number(row.created_at)) / 1000);
  const weeks = new Map<number, number[]>();
  for (let start = startOfWeek(from); start < to; start += WEEK_MS) weeks.set(start, []);
  rows.forEach((row, i) => weeks.get(startOfWeek(Number(row.closed_at)))?.push(durations[i]!));

  return {
    from: iso(from),
    to: iso(to),
    count: durations.length,
    medianSeconds: percentile(durations, 0.5),
    p90Seconds: percentile(durations, 0.9),
    weeks: [...weeks].map(([weekStart, values]) => ({ weekStart: iso(weekStart), count: values.length, medianSeconds: percentile(values, 0.5) })),
  };
}

export function percentile(values: number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const position = (sorted.length - 1) * fraction;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

/** Monday 00:00 UTC of the week containing `ms`. */
export function startOfWeek(ms: number): number {
  const day = new Date(ms);
  const daysSinceMonday = (day.getUTCDay() + 6) % 7;
  return Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() - daysSinceMonday);
}
