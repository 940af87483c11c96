import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Db } from '../db/database.js';
import type { Ticket } from '../db/schema.js';
import { priorityName } from '../presenters/tickets.js';
import { iso } from '../presenters/accounts.js';
import type { Actor } from './accounts.js';
import type { CommandContext } from './context.js';
import { findTicketPage, keyOf, listTickets, resolveFilters, sortOf, type TicketListQuery } from './list-tickets.js';
import { loadTagNames } from './tags.js';

const PAGE = 500;
export const EXPORT_COLUMNS = [
  'number', 'title', 'status', 'priority', 'assignee', 'tags', 'visitor name', 'visitor email', 'created', 'closed', 'resolution hours', 'source type',
];

/**
 * The ticket list as CSV lines, produced a keyset page at a time (constant memory however many
 * tickets match): same filters and order as GET /api/tickets. With `q`, the search results in
 * relevance order (search considers at most its ranking window, see findSearchWindow). Read through
 * `ctx.reader`: on SQLite the pages are read in a worker thread, not on the event loop.
 */
export async function* exportTicketsCsv(ctx: CommandContext, actor: Actor, query: Omit<TicketListQuery, 'limit' | 'cursor'>): AsyncGenerator<string> {
  const scope = await resolveFilters(ctx, actor, query);
  // Byte-order mark: spreadsheet programs then read the file as UTF-8.
  yield '\uFEFF' + csvLine(EXPORT_COLUMNS);
  if (scope === null) return;
  if (query.q?.trim()) {
    for (let cursor: string | undefined; ;) {
      const page = await listTickets(ctx, actor, { ...query, limit: 200, cursor });
      const rows = page.items.length
        ? await ctx.reader.selectFrom('tickets').selectAll().where('owner_id', '=', actor.ownerId).where('id', 'in', page.items.map((i) => i.id)).execute()
        : [];
      const byId = new Map(rows.map((row) => [row.id, row]));
      yield* await csvRows(ctx.reader, actor, page.items.flatMap((item) => byId.get(item.id) ?? []));
      if (!page.nextCursor) return;
      await nextTurn();
      cursor = page.nextCursor;
    }
  }
  const order = sortOf(query);
  for (let after: { k: number; n: number } | null = null; ;) {
    const rows = await findTicketPage(ctx.reader, actor, { ...scope, status: query.status ?? 'open' }, order, after, PAGE);
    if (rows.length === 0) return;
    yield* await csvRows(ctx.reader, actor, rows);
    if (rows.length < PAGE) return;
    after = keyOf(order.sort, rows.at(-1)!);
    // SQLite answers synchronously and a fast client never makes the socket push back, so without this the whole
    // export ran in one go of microtasks: 1M tickets held the event loop (every other request) for 15-20 s.
    await nextTurn();
  }
}

async function csvRows(db: Db, actor: Actor, rows: Ticket[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const assigneeIds = [...new Set(rows.flatMap((row) => (row.assignee_id ? [row.assignee_id] : [])))];
  const [tags, users] = await Promise.all([
    loadTagNames(db, actor.ownerId, rows.map((row) => row.id)),
    assigneeIds.length ? db.selectFrom('users').select(['id', 'name']).where('id', 'in', assigneeIds).execute() : [],
  ]);
  const names = new Map(users.map((user) => [user.id, user.name]));
  // One string per page: fewer, larger chunks on the wire.
  return [rows.map((row) => csvLine([
    String(Number(row.number)),
    row.title,
    row.status,
    priorityName(row.priority),
    row.assignee_id ? names.get(row.assignee_id) ?? '' : '',
    (tags.get(row.id) ?? []).join(', '),
    row.visitor_name ?? '',
    row.visitor_email ?? '',
    iso(row.created_at),
    row.closed_at === null ? '' : iso(row.closed_at),
    row.closed_at === null ? '' : ((Number(row.closed_at) - Number(row.created_at)) / 3_600_000).toFixed(2),
    row.source_type ?? 'manual',
  ])).join('')];
}

/**
 * One CSV record (RFC 4180, CRLF). A cell a spreadsheet would read as a formula (starting with =, +,
 * -, @, tab or CR) is prefixed with ' so it stays text.
 */
export function csvLine(cells: string[]): string {
  return cells.map((cell) => {
    const safe = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  }).join(',') + '\r\n';
}
