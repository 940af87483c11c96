import { kindOf } from '../attachment-rules';
import { formatBytes } from '../format';
import type { Attachment } from '../../../shared/schemas/tickets';
import { Icon } from './Icon';

/** A thumbnail for images (served by the API), a type icon otherwise, and always the original name. */
/** Without `onDelete` (files sent in a chat) the card only opens and downloads. */
export function AttachmentCard({ attachment, onDelete }: { attachment: Attachment; onDelete?: () => void }) {
  const kind = kindOf(attachment.contentType);
  const extension = attachment.filename.includes('.') ? attachment.filename.split('.').pop()!.toUpperCase() : '';
  return (
    <li className="attachment" data-kind={kind} data-attachment-id={attachment.id}>
      <a className="attachment-preview" href={attachment.url} target="_blank" rel="noopener" aria-label={`Open ${attachment.filename}`}>
        {attachment.thumbnailUrl ? (
          <img src={attachment.thumbnailUrl} alt="" loading="lazy" decoding="async" />
        ) : (
          <span className={`file-icon ${kind}`}>
            <Icon name={kind === 'pdf' ? 'pdf' : kind === 'image' ? 'image' : 'file'} size={28} />
            <span className="file-ext">{extension}</span>
          </span>
        )}
      </a>
      <div className="attachment-info">
        <span className="attachment-name" title={attachment.filename}>
          {attachment.filename}
        </span>
        <span className="muted small">{formatBytes(attachment.size)}</span>
      </div>
      <div className="attachment-actions">
        <a className="button ghost small icon-button" href={attachment.url} download aria-label={`Download ${attachment.filename}`} title="Download">
          <Icon name="download" />
        </a>
        {onDelete && (
          <button type="button" className="button ghost small icon-button" onClick={onDelete} aria-label={`Delete ${attachment.filename}`} title="Delete">
            <Icon name="trash" />
          </button>
        )}
      </div>
    </li>
  );
}
