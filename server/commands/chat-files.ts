import type { Db } from '../db/database.js';
import type { ChatAttachment } from '../db/schema.js';
import { notFound } from '../errors.js';
import { hashSecret, newId } from '../lib/ids.js';
import { chatFileKey, thumbnailKeyFor } from '../attachments/keys.js';
import { sanitizeFilename } from '../attachments/sanitize-filename.js';
import { MAX_ATTACHMENT_BYTES, storeUpload } from '../attachments/store-upload.js';
import { storeThumbnail } from '../attachments/thumbnail.js';
import type { Actor } from './accounts.js';
import { removeObjects } from './attachment-objects.js';
import { typeOf, type IncomingFile, type OpenedFile } from './attachments.js';
import type { CommandContext } from './context.js';
import { findConversation } from './conversations.js';
import { appendMessage, findVisitorConversation, publishPostedMessage, type PostedMessage } from './messages.js';
import { assertStorageLeft, reserveStorage } from './storage-quota.js';

/** Who sends or opens a chat file: a teammate of the workspace, or the visitor holding the conversation's token. */
export type ChatSide = { actor: Actor } | { visitorToken: string | undefined };

/**
 * Sends one uploaded file in a conversation as a message of its own (body ""), through the same
 * streamed type detection, size limit, thumbnail and storage seam as ticket attachments. The file and
 * its message appear together or not at all: a refused upload stores nothing; when the message cannot
 * be written (e.g. the conversation was deleted meanwhile) the stored objects are removed again.
 * `receive` is called only once the conversation is known to be reachable, so a wrong id or token never reads the body.
 */
export async function sendChatFile(ctx: CommandContext, side: ChatSide, conversationId: string, receive: () => Promise<IncomingFile>): Promise<PostedMessage> {
  const conversation = 'actor' in side
    ? await findConversation(ctx.db, side.actor.ownerId, conversationId)
    : await findVisitorConversation(ctx.db, conversationId, side.visitorToken);
  // Visitor files count toward the workspace's quota too: it is one storage budget.
  const audience = 'actor' in side ? 'team' : 'visitor';
  await assertStorageLeft(ctx, conversation.owner_id, audience);
  const file = await receive();
  const stored = await storeUpload(ctx.storage, file.stream, {
    filename: file.filename ?? '',
    maxBytes: MAX_ATTACHMENT_BYTES,
    keyFor: (type) => chatFileKey(conversation.owner_id, type.extension),
    truncated: file.truncated,
  });
  let thumbnailKey: string | null = null;
  let posted: PostedMessage;
  try {
    await file.finish?.();
    thumbnailKey = stored.type.image ? await storeThumbnail(ctx.storage, stored.key, thumbnailKeyFor(stored.key), ctx.log) : null;
    const filename = sanitizeFilename(file.filename, `attachment.${stored.type.extension}`);
    const files = async (messageId: string, trx: Db): Promise<ChatAttachment[]> => {
      const row: ChatAttachment = {
        id: newId(),
        owner_id: conversation.owner_id,
        conversation_id: conversation.id,
        message_id: messageId,
        object_key: stored.key,
        thumbnail_key: thumbnailKey,
        filename,
        content_type: stored.type.contentType,
        size: stored.size,
        created_at: Date.now(),
      };
      await reserveStorage(ctx, trx, conversation.owner_id, row.size, audience);
      await trx.insertInto('chat_attachments').values(row).execute();
      return [row];
    };
    const content = { body: '', preview: `📎 ${filename}`, files };
    posted = 'actor' in side
      ? await appendMessage(ctx, conversation.id, { ownerId: side.actor.ownerId }, 'owner', side.actor.userId, content)
      : await appendMessage(ctx, conversation.id, { visitorTokenHash: conversation.visitor_token_hash }, 'visitor', null, content);
  } catch (error) {
    await removeObjects(ctx, [stored.key, thumbnailKey]);
    throw error;
  }
  publishPostedMessage(ctx, posted);
  return posted;
}

/** Streams a chat file (or its thumbnail) to a teammate of its workspace or to the conversation's visitor; 404 otherwise. */
export async function openChatFile(
  ctx: CommandContext, side: ChatSide, conversationId: string, attachmentId: string, variant: 'original' | 'thumbnail',
): Promise<Omit<OpenedFile, 'attachment'> & { attachment: ChatAttachment }> {
  let query = ctx.db.selectFrom('chat_attachments as f').selectAll('f').where('f.conversation_id', '=', conversationId).where('f.id', '=', attachmentId);
  if ('actor' in side) query = query.where('f.owner_id', '=', side.actor.ownerId);
  else if (side.visitorToken) {
    query = query.innerJoin('conversations as c', 'c.id', 'f.conversation_id').where('c.visitor_token_hash', '=', hashSecret(side.visitorToken));
  } else throw notFound('Attachment');
  const attachment = await query.executeTakeFirst();
  if (!attachment) throw notFound('Attachment');
  const key = variant === 'original' ? attachment.object_key : attachment.thumbnail_key;
  if (!key) throw notFound('Thumbnail');
  const object = await ctx.storage.get(key);
  if (!object) {
    ctx.log.error({ attachmentId, key }, 'chat file missing from storage');
    throw notFound('Attachment file');
  }
  return { attachment, type: typeOf(attachment.content_type), object };
}
