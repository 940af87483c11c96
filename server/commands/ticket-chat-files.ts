import type { ChatAttachment, TicketAttachment } from '../db/schema.js';
import { attachmentKey, extensionOf, thumbnailKeyFor } from '../attachments/keys.js';
import { removeObjects } from './attachment-objects.js';
import type { CommandContext } from './context.js';

/** Copies of a conversation's chat files, stored under the ticket key scheme, waiting for their rows. */
export interface ChatFileCopies {
  files: Omit<TicketAttachment, 'id' | 'ticket_id'>[];
  /** The chat files these copies were made from (including any skipped because their object was missing). */
  sourceIds: string[];
}

export const NO_COPIES: ChatFileCopies = { files: [], sourceIds: [] };

type ChatFileSource = Pick<ChatAttachment, 'id' | 'object_key' | 'thumbnail_key' | 'filename' | 'content_type' | 'size'>;

/**
 * A ticket made from a conversation keeps its files: each chat file (and thumbnail) is copied to a
 * new `tickets/…` object, so the ticket's copy outlives the conversation. Objects are written first
 * (here, outside any transaction); the ticket's insert writes their rows (commands/tickets.ts), and
 * `discardCopies` removes the objects again if that transaction fails. A chat file whose object is
 * missing is skipped.
 */
export async function copyChatFiles(ctx: CommandContext, ownerId: string, sources: ChatFileSource[]): Promise<ChatFileCopies> {
  const copies: ChatFileCopies = { files: [], sourceIds: sources.map((source) => source.id) };
  try {
    for (const source of sources) {
      const key = attachmentKey(ownerId, extensionOf(source.object_key));
      if (!(await copyObject(ctx, source.object_key, key, source.content_type))) {
        ctx.log.warn({ key: source.object_key }, 'chat file missing from storage; not copied to the ticket');
        continue;
      }
      const file = { owner_id: ownerId, object_key: key, thumbnail_key: null as string | null, filename: source.filename, content_type: source.content_type, size: Number(source.size), created_at: Date.now() };
      copies.files.push(file);
      if (source.thumbnail_key && (await copyObject(ctx, source.thumbnail_key, thumbnailKeyFor(key), 'image/webp'))) file.thumbnail_key = thumbnailKeyFor(key);
    }
  } catch (error) {
    await discardCopies(ctx, copies);
    throw error;
  }
  return copies;
}

export async function discardCopies(ctx: CommandContext, copies: ChatFileCopies): Promise<void> {
  await removeObjects(ctx, copies.files.flatMap((file) => [file.object_key, file.thumbnail_key]));
}

async function copyObject(ctx: CommandContext, from: string, to: string, contentType: string): Promise<boolean> {
  const source = await ctx.storage.get(from);
  if (!source) return false;
  await ctx.storage.put(to, source.body, { contentType });
  return true;
}
