import { AppError } from '../errors.js';

/** Keyset cursors are opaque to clients: base64url of a small JSON position. */
export function encodeCursor(position: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** Decodes a cursor and checks each field's type against `shape`; a tampered cursor is a 422, never a 500. */
export function decodeCursor<T extends Record<string, 'string' | 'number'>>(
  cursor: string | undefined,
  shape: T,
): { [K in keyof T]: T[K] extends 'number' ? number : string } | null {
  if (!cursor) return null;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    const valid = Object.entries(shape).every(([key, type]) =>
      type === 'number' ? Number.isFinite(value[key]) : typeof value[key] === 'string');
    if (valid) return value as never;
  } catch {
    // fall through
  }
  throw new AppError(422, 'validation_failed', 'querystring.cursor is invalid.', { field: 'cursor' });
}
