import { randomBytes } from 'node:crypto';

/** Top-level prefixes of the object store: ticket attachments and files sent in chat. */
export type FileArea = 'tickets' | 'chats';
export const FILE_AREAS: readonly FileArea[] = ['tickets', 'chats'];

/**
 * Object keys follow the product's `<area>/<ownerId>/<timestamp>.<ext>` (`tickets/…` for ticket
 * attachments, `chats/…` for files sent in chat) with the owner (workspace) id, so each owner's files
 * sit under their own prefix. The timestamp gets a random suffix: two uploads in the same
 * millisecond must never aim at the same key. `ext` comes from the detected type, never from the uploaded name.
 */
export function objectKey(area: FileArea, ownerId: string, extension: string, now = Date.now()): string {
  return `${area}/${ownerId}/${now}-${randomBytes(8).toString('hex')}.${extension}`;
}

/** A ticket attachment's key: `tickets/<ownerId>/<timestamp>-<random>.<ext>`. */
export function attachmentKey(ownerId: string, extension: string, now = Date.now()): string {
  return objectKey('tickets', ownerId, extension, now);
}

/** A chat file's key: `chats/<ownerId>/<timestamp>-<random>.<ext>`. */
export function chatFileKey(ownerId: string, extension: string, now = Date.now()): string {
  return objectKey('chats', ownerId, extension, now);
}

/** The thumbnail sits next to its original: `…/<timestamp>-<random>.thumb.webp`. */
export function thumbnailKeyFor(key: string): string {
  return key.replace(/\.[a-z0-9]+$/, '.thumb.webp');
}

/** Prefix of every object an owner has in one area. */
export function ownerPrefix(ownerId: string, area: FileArea = 'tickets'): string {
  return `${area}/${ownerId}/`;
}

/** The extension part of a stored key (`png` of `chats/o/1-ab.png`). */
export function extensionOf(key: string): string {
  return /\.([a-z0-9]+)$/.exec(key)?.[1] ?? 'bin';
}
