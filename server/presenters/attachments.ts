import type { TicketAttachment } from '../db/schema.js';
import { iso } from './accounts.js';

type StoredFile = Pick<TicketAttachment, 'id' | 'filename' | 'content_type' | 'size' | 'created_at' | 'thumbnail_key'>;

/** A stored file (ticket or chat) served at `url`; its thumbnail, when it has one, at `url/thumbnail`. */
export function presentFile(file: StoredFile, url: string) {
  return {
    id: file.id,
    filename: file.filename,
    contentType: file.content_type,
    size: Number(file.size),
    createdAt: iso(Number(file.created_at)),
    url,
    thumbnailUrl: file.thumbnail_key ? `${url}/thumbnail` : null,
  };
}

/** Owner-facing attachment. Files are only ever served through these owner-only API URLs. */
export function presentAttachment(attachment: TicketAttachment) {
  return presentFile(attachment, `/api/tickets/${encodeURIComponent(attachment.ticket_id)}/attachments/${encodeURIComponent(attachment.id)}`);
}
