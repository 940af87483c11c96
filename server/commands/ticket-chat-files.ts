import type { Db } from '../db/database.js';
import type { Ticket, TicketAttachment } from '../db/schema.js';
import { indexTicket } from '../db/search.js';
import { newId } from '../lib/ids.js';
import { attachmentKey, extensionOf, thumbnailKeyFor } from '../attachments/keys.js';
import { removeObjects } from './attachment-objects.js';
import type { CommandContext } from './context.js';
import { ticketSearchDocument } from './ticket-views.js';

/** Copies of a conversation's chat files, stored under the ticket key scheme, waiting for their rows. */
export interface ChatFileCopies {
  files: Omit<TicketAttachment, 'id' | 'ticket_id'>[];
}

/**
 * A ticket made from a conversation keeps its files: each chat file (and thumbnail) is copied to a
 * new `tickets/…` object, so the ticket's copy outlives the conversation. Objects are written first
 * (here); `attachCopiedFiles` writes the rows in the ticket's transaction, and `discardCopies` removes
 * the objects again if that transaction fails. A chat file whose object is missing is skipped.
 */
export async function copyChatFilesForTicket(ctx: CommandContext, ownerId: string, conversationId: string): Promise<ChatFileCopies> {
  const sources = await ctx.db.selectFrom('chat_attachments').selectAll()
    .where('owner_id', '=', ownerId).where('conversation_id', '=', conversationId)
    .orderBy('created_at').orderBy('id').execute();
  const copies: ChatFileCopies = { files: [] };
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

/** The copies' rows, in the transaction that creates the ticket; the ticket's search document then names them. */
export async function attachCopiedFiles(ctx: CommandContext, trx: Db, ticket: Ticket, copies: ChatFileCopies): Promise<void> {
  if (!copies.files.length) return;
  await trx.insertInto('ticket_attachments').values(copies.files.map((file) => ({ ...file, id: newId(), ticket_id: ticket.id }))).execute();
  await indexTicket(trx, ctx.engine, { seq: ticket.seq, ownerId: ticket.owner_id }, await ticketSearchDocument(trx, ticket));
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
