import { createHash, randomBytes } from 'node:crypto';

/** Opaque, unguessable identifier (128 random bits, URL-safe). */
export function newId(): string {
  return randomBytes(16).toString('base64url');
}

/** A secret token with a readable prefix, e.g. `fm_…` for API tokens. */
export function newSecret(prefix: string, bytes = 32): string {
  return `${prefix}_${randomBytes(bytes).toString('base64url')}`;
}

/** Secrets are stored only as their sha256; lookups hash the presented value. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}
