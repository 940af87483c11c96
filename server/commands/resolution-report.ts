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
export async function buildResolutionReport(db: Db, ownerId: string, window: { from?: string; to?: string; groupBy?: 'assignee' | 'tag' }, now = Date.now()) {
  const to = window.to ? Date.parse(window.to) : now;
  const from = window.from ? Date.parse(window.from) : to - DEFAULT_WINDOW_WEEKS * WEEK_MS;
  const rows = await db
    .selectFrom('tickets')
    .select(['id', 'created_at', 'closed_at', 'assignee_id'])
    .where('owner_id', '=', ownerId)
    .where('closed_at', '>=', from)
    .where('closed_at', '<', to)
    .execute();

  const durations = rows.map((row) => (Number(row.closed_at) - Number(row.created_at)) / 1000);
  const weeks = new Map<number, number[]>();
  for (let start = startOfWeek(from); start < to; start += WEEK_MS) weeks.set(start, []);
  rows.forEach((row, i) => weeks.get(startOfWeek(Number(row.closed_at)))?.push(durations[i]!));

  const groups = window.groupBy ? await groupDurations(db, ownerId, window.groupBy, rows, durations) : undefined;
  return {
    ...(groups ? { groups } : {}),
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

/**
 * Resolution time per assignee (key: user id, or "none") or per tag (key: tag id, or "none"; a ticket
 * with several tags counts in each), largest groups first.
 */
async function groupDurations(db: Db, ownerId: string, by: 'assignee' | 'tag', rows: { id: string; assignee_id: string | null }[], durations: number[]) {
  const groups = new Map<string, { name: string; values: number[] }>();
  const add = (key: string, name: string, value: number) => {
    const group = groups.get(key) ?? { name, values: [] };
    group.values.push(value);
    groups.set(key, group);
  };
  const CHUNK = 500;
  if (by === 'assignee') {
    const ids = [...new Set(rows.flatMap((r) => (r.assignee_id ? [r.assignee_id] : [])))];
    const names = new Map<string, string>();
    for (let i = 0; i < ids.length; i += CHUNK) {
      for (const user of await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids.slice(i, i + CHUNK)).execute()) names.set(user.id, user.name);
    }
    rows.forEach((row, i) => add(row.assignee_id ?? 'none', row.assignee_id ? names.get(row.assignee_id) ?? 'Former teammate' : 'Unassigned', durations[i]!));
  } else {
    const tagsOf = new Map<string, { id: string; name: string }[]>();
    for (let i = 0; i < rows.length; i += CHUNK) {
      const links = await db.selectFrom('ticket_tags as tt').innerJoin('tags as t', 't.id', 'tt.tag_id').select(['tt.ticket_id', 't.id', 't.name'])
        .where('tt.owner_id', '=', ownerId).where('tt.ticket_id', 'in', rows.slice(i, i + CHUNK).map((r) => r.id)).execute();
      for (const link of links) tagsOf.set(link.ticket_id, [...(tagsOf.get(link.ticket_id) ?? []), { id: link.id, name: link.name }]);
    }
    rows.forEach((row, i) => {
      const tags = tagsOf.get(row.id) ?? [];
      if (tags.length === 0) add('none', 'No tag', durations[i]!);
      for (const tag of tags) add(tag.id, tag.name, durations[i]!);
    });
  }
  return [...groups].map(([key, g]) => ({ key, name: g.name, count: g.values.length, medianSeconds: percentile(g.values, 0.5) }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}
