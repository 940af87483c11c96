import { useRef } from 'react';
import { api, uploadAttachment } from '../api';
import { ACCEPT, ALLOWED_LABEL } from '../attachment-rules';
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
  const inputRef = useRef<HTMLInputElement>(null);
  const [confirmElement, confirm] = useConfirm();
  const toast = useToast();
  const { uploads, addFiles, dismiss } = useUploadQueue((file, onProgress) => uploadAttachment(ticketId, file, onProgress), onAdded);
  const { dragging, handlers } = useFileDrop(addFiles);

  const remove = async (attachment: Attachment) => {
    const ok = await confirm({
      title: 'Delete this file?',
      body: `“${attachment.filename}” is removed from the ticket and from storage.`,
      confirmLabel: 'Delete file',
      danger: true,
    });
    if (!ok) return;
    try {
      await api.deleteAttachment(ticketId, attachment.id);
      onRemoved(attachment.id);
    } catch (error) {
      toast((error as Error).message, 'error');
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
        <h2 id="attachments-title">Attachments</h2>
        <button type="button" className="button small" onClick={() => inputRef.current?.click()}>
          <Icon name="upload" />
          Upload files
        </button>
        <input
          ref={inputRef}
          type="file"
          multiple
          accept={ACCEPT}
          className="visually-hidden"
          tabIndex={-1}
          aria-label="Choose files to attach"
          onChange={(event) => {
            if (event.target.files) addFiles(event.target.files);
            event.target.value = '';
          }}
        />
      </div>
      <div className="drop-zone" aria-hidden="true">
        <Icon name="upload" size={20} />
        <span>Drop files here to attach them</span>
        <span className="hint">{ALLOWED_LABEL} · up to 5 MB each</span>
      </div>
      <UploadList uploads={uploads} onDismiss={dismiss} />
      {attachments.length > 0 ? (
        <ul className="attachment-grid" aria-label="Attached files">
          {attachments.map((attachment) => (
            <AttachmentCard key={attachment.id} attachment={attachment} onDelete={() => void remove(attachment)} />
          ))}
        </ul>
      ) : (
        uploads.length === 0 && <p className="muted small">No files yet.</p>
      )}
      {confirmElement}
    </section>
  );
}
