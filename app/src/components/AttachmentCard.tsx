import { kindOf } from '../attachment-rules';
import { formatBytes } from '../format';
import type { Attachment } from '../../../shared/schemas/tickets';
import { Icon } from './Icon';
import { useTranslation } from 'react-i18next';

/** A thumbnail for images (served by the API), a type icon otherwise, and always the original name. */
/** Without `onDelete` (files sent in a chat) the card only opens and downloads. */
export function AttachmentCard({ attachment, onDelete }: { attachment: Attachment; onDelete?: () => void }) {
  const { t } = useTranslation();
  const kind = kindOf(attachment.contentType);
  const extension = attachment.filename.includes('.') ? attachment.filename.split('.').pop()!.toUpperCase() : '';
  return (
    <li className="attachment" data-kind={kind} data-attachment-id={attachment.id}>
      <a className="attachment-preview" href={attachment.url} target="_blank" rel="noopener" aria-label={t('attachments.open', { filename: attachment.filename })}>
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
        <a className="button ghost small icon-button" href={attachment.url} download aria-label={t('attachments.download', { filename: attachment.filename })} title={t('attachments.downloadShort')}>
          <Icon name="download" />
        </a>
        {onDelete && (
          <button type="button" className="button ghost small icon-button" onClick={onDelete} aria-label={t('attachments.delete', { filename: attachment.filename })} title={t('common.delete')}>
            <Icon name="trash" />
          </button>
        )}
      </div>
    </li>
  );
}
