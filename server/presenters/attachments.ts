import type { TicketAttachment } from '../db/schema.js';
import { iso } from './accounts.js';

/** Owner-facing attachment. Files are only ever served through these owner-only API URLs. */
export function presentAttachment(attachment: TicketAttachment) {
  const url = `/api/tickets/${encodeURIComponent(attachment.ticket_id)}/attachments/${encodeURIComponent(attachment.id)}`;
  return {
    id: attachment.id,
    filename: attachment.filename,
    contentType: attachment.content_type,
    size: Number(attachment.size),
    createdAt: iso(Number(attachment.created_at)),
    url,
    thumbnailUrl: attachment.thumbnail_key ? `${url}/thumbnail` : null,
  };
}
