import { isUniqueViolation, type Db } from '../db/database.js';
import type { SavedReply } from '../db/schema.js';
import { AppError, notFound, unprocessable } from '../errors.js';
import { newId } from '../lib/ids.js';
import type { Actor } from './accounts.js';

export interface SavedReplyInput {
  shortcut: string;
  title: string;
  body: string;
}

/** The workspace's saved replies, by shortcut (not paginated: a workspace keeps tens, not thousands). */
export function listSavedReplies(db: Db, actor: Actor): Promise<SavedReply[]> {
  return db.selectFrom('saved_replies').selectAll().where('owner_id', '=', actor.ownerId).orderBy('shortcut').execute();
}

export async function createSavedReply(db: Db, actor: Actor, input: SavedReplyInput): Promise<SavedReply> {
  const now = Date.now();
  const reply: SavedReply = { id: newId(), owner_id: actor.ownerId, ...normalize(input), created_at: now, updated_at: now };
  await uniqueShortcut(() => db.insertInto('saved_replies').values(reply).execute());
  return reply;
}

export async function updateSavedReply(db: Db, actor: Actor, id: string, changes: Partial<SavedReplyInput>): Promise<SavedReply> {
  const current = await findSavedReply(db, actor, id);
  const next = normalize({ shortcut: changes.shortcut ?? current.shortcut, title: changes.title ?? current.title, body: changes.body ?? current.body });
  // A PATCH repeating the current values changes nothing: updatedAt stays (api.md, issue #17).
  if (next.shortcut === current.shortcut && next.title === current.title && next.body === current.body) return current;
  const updated = await uniqueShortcut(() => db.updateTable('saved_replies').set({ ...next, updated_at: Date.now() })
    .where('owner_id', '=', actor.ownerId).where('id', '=', current.id).returningAll().executeTakeFirst());
  if (!updated) throw notFound('Saved reply');
  return updated;
}

export async function deleteSavedReply(db: Db, actor: Actor, id: string): Promise<void> {
  const deleted = await db.deleteFrom('saved_replies').where('owner_id', '=', actor.ownerId).where('id', '=', id).executeTakeFirst();
  if (deleted.numDeletedRows === 0n) throw notFound('Saved reply');
}

async function findSavedReply(db: Db, actor: Actor, id: string): Promise<SavedReply> {
  const reply = await db.selectFrom('saved_replies').selectAll().where('owner_id', '=', actor.ownerId).where('id', '=', id).executeTakeFirst();
  if (!reply) throw notFound('Saved reply');
  return reply;
}

/** Shortcuts are stored lower-case; title and body must say something (and hold no NUL). */
function normalize(input: SavedReplyInput): SavedReplyInput {
  const title = input.title.trim();
  if (!title) throw unprocessable('The title is empty.', 'title');
  if (!/\S/u.test(input.body)) throw unprocessable('The body is empty.', 'body');
  for (const [field, value] of Object.entries(input)) if (value.includes('\u0000')) throw unprocessable(`The ${field} contains a NUL character.`, field);
  return { shortcut: input.shortcut.toLowerCase(), title, body: input.body };
}

async function uniqueShortcut<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError(409, 'saved_reply_exists', 'A saved reply with this shortcut already exists.', { field: 'shortcut' });
    throw error;
  }
}
