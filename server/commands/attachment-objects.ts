import type { Db } from '../db/database.js';
import type { CommandContext } from './context.js';

/** Object keys (originals and thumbnails) of a ticket's attachments, for deleting them with the ticket. */
export async function attachmentObjectKeys(db: Db, ownerId: string, ticketId: string): Promise<string[]> {
  const rows = await db.selectFrom('ticket_attachments').select(['object_key', 'thumbnail_key']).where('owner_id', '=', ownerId).where('ticket_id', '=', ticketId).execute();
  return rows.flatMap((row) => (row.thumbnail_key ? [row.object_key, row.thumbnail_key] : [row.object_key]));
}

/** Deletes objects after the rows that named them are gone. A failure only leaves an orphan for `reconcile`. */
export async function removeObjects(ctx: Pick<CommandContext, 'storage' | 'log'>, keys: (string | null)[]): Promise<void> {
  await Promise.all(keys.filter((key): key is string => key !== null).map(async (key) => {
    try {
      await ctx.storage.delete(key);
    } catch (error) {
      ctx.log.error({ err: error, key }, 'could not delete attachment object; `reconcile --fix` will remove it');
    }
  }));
}
