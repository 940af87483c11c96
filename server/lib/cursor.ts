import { AppError } from '../errors.js';
import { isStorable } from '../http/hostile-text.js';

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
    // Every position we encode is an integer (epoch ms, a number, a rank step) or a short id: anything
    // else was not made by us and would reach the database as a type it does not expect.
    const valid = value !== null && typeof value === 'object' && Object.entries(shape).every(([key, type]) => {
      const field = value[key];
      return type === 'number'
        ? Number.isSafeInteger(field)
        : typeof field === 'string' && field.length <= 200 && isStorable(field);
    });
    if (valid) return value as never;
  } catch {
    // fall through
  }
  throw new AppError(422, 'validation_failed', 'querystring.cursor is invalid.', { field: 'cursor' });
}

/**
 * A tampered cursor can hold any JSON number; the database must only see whole numbers in range
 * (PostgreSQL refuses 1.5 or 1e300 for a bigint — a 500 otherwise), and a priority rank is 0..3.
 */
export function checkCursorNumbers(values: number[], rank: number): void {
  if (values.every((v) => Number.isSafeInteger(v) && v >= 0) && rank >= 0 && rank <= 3) return;
  throw new AppError(422, 'validation_failed', 'querystring.cursor is invalid.', { field: 'cursor' });
}
