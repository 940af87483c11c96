import type { Db } from '../db/database.js';
import type { TicketAttachment } from '../db/schema.js';
import { indexTicket } from '../db/search.js';
import { notFound } from '../errors.js';
import { newId } from '../lib/ids.js';
import { FILE_TYPES, type FileType } from '../attachments/file-types.js';
import { attachmentKey, thumbnailKeyFor } from '../attachments/keys.js';
import { sanitizeFilename } from '../attachments/sanitize-filename.js';
import { MAX_ATTACHMENT_BYTES, storeUpload } from '../attachments/store-upload.js';
import { storeThumbnail } from '../attachments/thumbnail.js';
import { presentAttachment } from '../presenters/attachments.js';
import type { StoredObject } from '../storage/object-store.js';
import type { Actor } from './accounts.js';
import { removeObjects } from './attachment-objects.js';
import type { CommandContext } from './context.js';
import { assertStorageLeft, reserveStorage } from './storage-quota.js';
import { recordTicketActivity } from './ticket-activity.js';
import { publishTicketEvents, recordTicketEvents } from './ticket-events.js';
import { ticketSearchDocument } from './ticket-views.js';

export interface IncomingFile {
  /** The name the browser sent; kept (sanitized) for display only. */
  filename: string | undefined;
  stream: AsyncIterable<Buffer>;
  /** True when the multipart parser cut the file at its size limit. */
  truncated(): boolean;
  /** Called once the file is stored: reads the rest of the request, throwing if it is not acceptable. */
  finish?(): Promise<void>;
}

/**
 * Attaches one uploaded file to a ticket of the actor's workspace. The file and its row appear
 * together or not at all: a refused or failed upload stores nothing; when the row cannot be written
 * (e.g. the ticket was deleted meanwhile) the stored objects are removed again.
 * `receive` is called only once the ticket is known to exist, so a wrong id never reads the body.
 */
export async function attachFile(ctx: CommandContext, actor: Actor, ticketId: string, receive: () => Promise<IncomingFile>) {
  await findTicketId(ctx.db, actor.ownerId, ticketId);
  await assertStorageLeft(ctx, actor.ownerId);
  const file = await receive();
  const stored = await storeUpload(ctx.storage, file.stream, {
    filename: file.filename ?? '',
    maxBytes: MAX_ATTACHMENT_BYTES,
    keyFor: (type) => attachmentKey(actor.ownerId, type.extension),
    truncated: file.truncated,
  });

  let thumbnailKey: string | null = null;
  const record = async () => {
    await file.finish?.();
    thumbnailKey = stored.type.image ? await storeThumbnail(ctx.storage, stored.key, thumbnailKeyFor(stored.key), ctx.log) : null;
    const row: TicketAttachment = {
      id: newId(),
      owner_id: actor.ownerId,
      ticket_id: ticketId,
      object_key: stored.key,
      thumbnail_key: thumbnailKey,
      filename: sanitizeFilename(file.filename, `attachment.${stored.type.extension}`),
      content_type: stored.type.contentType,
      size: stored.size,
      created_at: Date.now(),
    };
    const events = await ctx.db.transaction().execute(async (trx) => {
      const touched = await touchTicket(trx, actor.ownerId, ticketId);
      await reserveStorage(ctx, trx, actor.ownerId, row.size);
      await trx.insertInto('ticket_attachments').values(row).execute();
      await recordTicketActivity(trx, {
        ownerId: actor.ownerId, ticketId, actorId: actor.userId, kind: 'attachment_added', data: { attachmentId: row.id, filename: row.filename },
      });
      await indexTicket(trx, ctx.engine, { seq: touched.seq, ownerId: actor.ownerId }, await ticketSearchDocument(trx, touched));
      return recordTicketEvents(trx, actor.ownerId, [touched], 'ticket.updated');
    });
    return { row, events };
  };
  const { row, events } = await record().catch(async (error: unknown) => {
    await removeObjects(ctx, [stored.key, thumbnailKey]);
    throw error;
  });
  publishTicketEvents(ctx, events);
  return presentAttachment(row);
}

/** Removes an attachment: its row in a transaction, then its objects (leftovers are reported by `reconcile`). */
export async function deleteAttachment(ctx: CommandContext, actor: Actor, ticketId: string, attachmentId: string): Promise<void> {
  const { attachment, events } = await ctx.db.transaction().execute(async (trx) => {
    const attachment = await findAttachment(trx, actor.ownerId, ticketId, attachmentId);
    await trx.deleteFrom('ticket_attachments').where('id', '=', attachment.id).where('owner_id', '=', actor.ownerId).execute();
    const ticket = await touchTicket(trx, actor.ownerId, ticketId);
    await recordTicketActivity(trx, {
      ownerId: actor.ownerId, ticketId, actorId: actor.userId, kind: 'attachment_removed', data: { attachmentId: attachment.id, filename: attachment.filename },
    });
    await indexTicket(trx, ctx.engine, { seq: ticket.seq, ownerId: actor.ownerId }, await ticketSearchDocument(trx, ticket));
    return { attachment, events: await recordTicketEvents(trx, actor.ownerId, [ticket], 'ticket.updated') };
  });
  await removeObjects(ctx, [attachment.object_key, attachment.thumbnail_key]);
  publishTicketEvents(ctx, events);
}

export interface OpenedFile {
  attachment: TicketAttachment;
  type: FileType | null;
  object: StoredObject;
}

/** Streams an attachment (or its thumbnail) of the actor's workspace. */
export async function openAttachment(ctx: CommandContext, actor: Actor, ticketId: string, attachmentId: string, variant: 'original' | 'thumbnail'): Promise<OpenedFile> {
  const attachment = await findAttachment(ctx.db, actor.ownerId, ticketId, attachmentId);
  const key = variant === 'original' ? attachment.object_key : attachment.thumbnail_key;
  if (!key) throw notFound('Thumbnail');
  const object = await ctx.storage.get(key);
  if (!object) {
    // A row without its object: say 404, and make it visible to operators (`reconcile` lists these).
    ctx.log.error({ attachmentId, key }, 'attachment object missing from storage');
    throw notFound('Attachment file');
  }
  return { attachment, type: typeOf(attachment.content_type), object };
}

export function typeOf(contentType: string): FileType | null {
  return Object.values(FILE_TYPES).find((type) => type.contentType === contentType) ?? null;
}

async function findTicketId(db: Db, ownerId: string, ticketId: string): Promise<void> {
  const ticket = await db.selectFrom('tickets').select('id').where('owner_id', '=', ownerId).where('id', '=', ticketId).executeTakeFirst();
  if (!ticket) throw notFound('Ticket');
}

async function findAttachment(db: Db, ownerId: string, ticketId: string, attachmentId: string): Promise<TicketAttachment> {
  const attachment = await db.selectFrom('ticket_attachments').selectAll()
    .where('owner_id', '=', ownerId).where('ticket_id', '=', ticketId).where('id', '=', attachmentId)
    .executeTakeFirst();
  if (!attachment) throw notFound('Attachment');
  return attachment;
}

/** An attachment change is a ticket change: bump version and updatedAt (locks the row until commit). */
async function touchTicket(trx: Db, ownerId: string, ticketId: string) {
  const ticket = await trx.updateTable('tickets')
    .set((eb) => ({ version: eb('version', '+', 1), updated_at: Date.now() }))
    .where('owner_id', '=', ownerId).where('id', '=', ticketId)
    .returningAll()
    .executeTakeFirst();
  if (!ticket) throw notFound('Ticket');
  return ticket;
}
