import { AppError } from '../errors.js';

/** Position after the last item of a page in a list ordered by (created_at desc, id desc). */
export interface TimeCursor {
  t: number;
  id: string;
}

/** Opaque to clients: base64url JSON, so the ordering can change without breaking the API shape. */
export function encodeTimeCursor(cursor: TimeCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** Bad cursors are a malformed request (400), never a 500. */
export function decodeTimeCursor(raw: string | undefined): TimeCursor | null {
  if (raw === undefined) return null;
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<TimeCursor>;
    if (Number.isSafeInteger(value.t) && typeof value.id === 'string' && value.id.length <= 64) return { t: value.t!, id: value.id };
  } catch {
    // fall through
  }
  throw new AppError(400, 'invalid_cursor', 'The cursor is not valid; start again from the first page.');
}

/** Cuts a `limit + 1` fetch into a page and the cursor to the next one (null on the last page). */
export function toPage<R extends { created_at: number; id: string }>(rows: R[], limit: number): { rows: R[]; nextCursor: string | null } {
  if (rows.length <= limit) return { rows, nextCursor: null };
  const page = rows.slice(0, limit);
  const last = page[page.length - 1]!;
  return { rows: page, nextCursor: encodeTimeCursor({ t: last.created_at, id: last.id }) };
}
