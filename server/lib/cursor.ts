import { unprocessable } from '../errors.js';

/** Position in a list ordered by (timestamp, id): the keyset of the last item of a page. */
export interface TimeCursor {
  at: number;
  id: string;
}

/** Opaque to clients: base64url JSON, so the ordering columns can change without breaking the API. */
export function encodeTimeCursor(cursor: TimeCursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString('base64url');
}

/** Decodes a cursor made by `encodeTimeCursor`; anything else answers 422 (never 500). */
export function decodeTimeCursor(raw: string): TimeCursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw unprocessable('The cursor is invalid.', 'cursor');
  }
  if (!Array.isArray(value) || value.length !== 2 || !Number.isSafeInteger(value[0]) || typeof value[1] !== 'string') {
    throw unprocessable('The cursor is invalid.', 'cursor');
  }
  return { at: value[0] as number, id: value[1] as string };
}
