import { encodeCursor } from './cursor.js';

/**
 * Cuts a `limit + 1` fetch ordered by (created_at desc, id desc) into a page and the cursor to the next
 * one (null on the last page). Decode it with `decodeCursor(cursor, { t: 'number', id: 'string' })`.
 */
export function toTimePage<R extends { created_at: number; id: string }>(rows: R[], limit: number): { rows: R[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor({ t: last.created_at, id: last.id }) : null };
}
