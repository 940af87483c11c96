import { randomBytes } from 'node:crypto';

/**
 * Object keys follow the product's `tickets/<userId>/<timestamp>.<ext>` with the owner (workspace)
 * id, so each owner's files sit under their own prefix. The timestamp gets a random suffix: two
 * uploads in the same millisecond must never aim at the same key. `ext` comes from the detected
 * type, never from the uploaded name.
 */
export function attachmentKey(ownerId: string, extension: string, now = Date.now()): string {
  return `tickets/${ownerId}/${now}-${randomBytes(8).toString('hex')}.${extension}`;
}

/** The thumbnail sits next to its original: `…/<timestamp>-<random>.thumb.webp`. */
export function thumbnailKeyFor(key: string): string {
  return key.replace(/\.[a-z0-9]+$/, '.thumb.webp');
}

/** Prefix of every object an owner has. */
export function ownerPrefix(ownerId: string): string {
  return `tickets/${ownerId}/`;
}
