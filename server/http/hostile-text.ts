import type { FastifyRequest } from 'fastify';
import { AppError, notFound } from '../errors.js';

/**
 * Text neither engine stores alike: PostgreSQL refuses NUL in text (SQLite keeps it), and a lone UTF-16
 * surrogate is replaced differently by each driver. Every request is checked once, before validation,
 * so every route gives the same answer on both engines: 404 when it is in a path id (no such thing
 * can exist), 422 anywhere else.
 */
export async function refuseUnstorableText(request: FastifyRequest): Promise<void> {
  const params = request.params as Record<string, unknown> | undefined;
  if (params && findUnstorable(params, '') !== null) throw notFound();
  for (const [part, value] of [['querystring', request.query], ['body', request.body]] as const) {
    const where = findUnstorable(value, part);
    if (where !== null) {
      throw new AppError(422, 'validation_failed', `${where} contains a NUL character or an unpaired surrogate.`, { field: where });
    }
  }
}

/** The path of the first string (or key) that cannot be stored, or null. Depth-limited: bodies are small JSON. */
export function findUnstorable(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return isStorable(value) ? null : path;
  if (value === null || typeof value !== 'object' || depth > 32 || Buffer.isBuffer(value)) return null;
  for (const [key, item] of Object.entries(value)) {
    const itemPath = path ? `${path}.${key}` : key;
    if (!isStorable(key)) return itemPath;
    const found = findUnstorable(item, itemPath, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/** In a `u` regex a surrogate pair is one code point, so `\p{Surrogate}` matches only unpaired halves. */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const UNSTORABLE = /[\u0000\p{Surrogate}]/u;

export function isStorable(text: string): boolean {
  return !UNSTORABLE.test(text);
}
