import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { iso } from '../presenters/accounts.js';
import { percentile, startOfWeek } from './resolution-report.js';

const WEEK_MS = 7 * 86_400_000;
const DEFAULT_WINDOW_WEEKS = 12;

export interface ReportWindow {
  from?: string;
  to?: string;
}

export function resolveWindow(window: ReportWindow, now = Date.now()) {
  const to = window.to ? Date.parse(window.to) : now;
  const from = window.from ? Date.parse(window.from) : to - DEFAULT_WINDOW_WEEKS * WEEK_MS;
  return { from, to };
}

/**
 * Weekly volume: tickets created and tickets closed per ISO week (Monday 00:00 UTC) of [from, to).
 * Both counts come from index range reads (owner, created_at) and (owner, closed_at).
 */
export async function buildVolumeReport(db: Db, ownerId: string, window: ReportWindow) {
  const { from, to } = resolveWindow(window);
  const [created, closed] = await Promise.all([
    db.selectFrom('tickets').select('created_at as at').where('owner_id', '=', ownerId).where('created_at', '>=', from).where('created_at', '<', to).execute(),
    db.selectFrom('tickets').select('closed_at as at').where('owner_id', '=', ownerId).where('closed_at', '>=', from).where('closed_at', '<', to).execute(),
  ]);
  const weeks = new Map<number, { created: number; closed: number }>();
  for (let start = startOfWeek(from); start < to; start += WEEK_MS) weeks.set(start, { created: 0, closed: 0 });
  for (const row of created) weeks.get(startOfWeek(Number(row.at)))!.created++;
  for (const row of closed) weeks.get(startOfWeek(Number(row.at)))!.closed++;
  return { from: iso(from), to: iso(to), weeks: [...weeks].map(([week, counts]) => ({ week: iso(week), ...counts })) };
}

/**
 * First response: for conversations started in [from, to), the time from the first visitor message
 * to the first teammate reply after it (conversations without a reply yet are not counted). Median
 * and 90th percentile overall, and per teammate who replied first.
 */
export async function buildFirstResponseReport(db: Db, ownerId: string, window: ReportWindow) {
  const { from, to } = resolveWindow(window);
  const rows = await sql<{ asked: number; answered: number; user_id: string | null; name: string | null }>`
    select f.asked, r.created_at as answered, r.author_user_id as user_id, u.name
    from (
      select c.id, (select min(m.created_at) from messages m where m.conversation_id = c.id and m.author = 'visitor') as asked
      from conversations c
      where c.owner_id = ${ownerId} and c.created_at >= ${from} and c.created_at < ${to}
    ) f
    join messages r on r.id = (
      select m.id from messages m
      where m.conversation_id = f.id and m.author = 'owner' and m.created_at >= f.asked
      order by m.created_at, m.id limit 1
    )
    left join users u on u.id = r.author_user_id
    where f.asked is not null`.execute(db);
  const seconds = (row: { asked: number; answered: number }) => (Number(row.answered) - Number(row.asked)) / 1000;
  const byUser = new Map<string, { userId: string | null; name: string; values: number[] }>();
  for (const row of rows.rows) {
    const key = row.user_id ?? '';
    const group = byUser.get(key) ?? { userId: row.user_id, name: row.name ?? 'Former teammate', values: [] };
    group.values.push(seconds(row));
    byUser.set(key, group);
  }
  const all = rows.rows.map(seconds);
  return {
    from: iso(from),
    to: iso(to),
    count: all.length,
    medianSeconds: percentile(all, 0.5),
    p90Seconds: percentile(all, 0.9),
    byAssignee: [...byUser.values()]
      .map((g) => ({ userId: g.userId, name: g.name, count: g.values.length, medianSeconds: percentile(g.values, 0.5), p90Seconds: percentile(g.values, 0.9) }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
  };
}
