import { useRef } from 'react';
import { api, uploadAttachment } from '../api';
import { ACCEPT, ALLOWED_LABEL, MAX_ATTACHMENT_BYTES } from '../attachment-rules';
import { useTranslation } from 'react-i18next';
import { formatMegabytes } from '../format';
import { errorMessage } from '../i18n/errors';
import type { Attachment } from '../../../shared/schemas/tickets';
import { AttachmentCard } from './AttachmentCard';
import { useConfirm } from './ConfirmDialog';
import { Icon } from './Icon';
import { useToast } from './Toasts';
import { UploadList, useFileDrop, useUploadQueue } from './Uploads';

interface Props {
  ticketId: string;
  attachments: Attachment[];
  onAdded: (attachment: Attachment) => void;
  onRemoved: (id: string) => void;
}

/** Drop files anywhere on this card or pick them with the button; each shows its own progress. */
export function Attachments({ ticketId, attachments, onAdded, onRemoved }: Props) {
  const { t } = useTranslation();
  const inputRef = useRef<HTMLInputElement>(null);
  const [confirmElement, confirm] = useConfirm();
  const toast = useToast();
  const { uploads, addFiles, dismiss } = useUploadQueue((file, onProgress) => uploadAttachment(ticketId, file, onProgress), onAdded);
  const { dragging, handlers } = useFileDrop(addFiles);

  const remove = async (attachment: Attachment) => {
    const ok = await confirm({
      title: t('attachments.deleteTitle'),
      body: t('attachments.deleteBody', { filename: attachment.filename }),
      confirmLabel: t('attachments.deleteFile'),
      danger: true,
    });
    if (!ok) return;
    try {
      await api.deleteAttachment(ticketId, attachment.id);
      onRemoved(attachment.id);
    } catch (error) {
      toast(errorMessage(error), 'error');
    }
  };

  return (
    <section
      className={dragging ? 'card attachments dragging' : 'card attachments'}
      aria-labelledby="attachments-title"
      data-testid="attachments"
      {...handlers}
    >
      <div className="card-header">
        <h2 id="attachments-title">{t('attachments.title')}</h2>
        <button type="button" className="button small" onClick={() => inputRef.current?.click()}>
          <Icon name="upload" />
          {t('attachments.upload')}
        </button>
        <input
          ref={inputRef}
          type="file"
          multiple
          accept={ACCEPT}
          className="visually-hidden"
          tabIndex={-1}
          aria-label={t('attachments.choose')}
          onChange={(event) => {
            if (event.target.files) addFiles(event.target.files);
            event.target.value = '';
          }}
        />
      </div>
      <div className="drop-zone" aria-hidden="true">
        <Icon name="upload" size={20} />
        <span>{t('attachments.drop')}</span>
        <span className="hint">{t('attachments.allowedHint', { allowed: ALLOWED_LABEL, max: formatMegabytes(MAX_ATTACHMENT_BYTES) })}</span>
      </div>
      <UploadList uploads={uploads} onDismiss={dismiss} />
      {attachments.length > 0 ? (
        <ul className="attachment-grid" aria-label={t('attachments.attached')}>
          {attachments.map((attachment) => (
            <AttachmentCard key={attachment.id} attachment={attachment} onDelete={() => void remove(attachment)} />
          ))}
        </ul>
      ) : (
        uploads.length === 0 && <p className="muted small">{t('attachments.none')}</p>
      )}
      {confirmElement}
    </section>
  );
}
