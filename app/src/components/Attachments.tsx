import { useRef, useState, type DragEvent } from 'react';
import { api, uploadAttachment } from '../api';
import { ACCEPT, ALLOWED_LABEL, rejectReason } from '../attachment-rules';
import type { Attachment } from '../types';
import { AttachmentCard } from './AttachmentCard';
import { useConfirm } from './ConfirmDialog';
import { Icon } from './Icon';
import { useToast } from './Toasts';

interface UploadItem {
  key: number;
  name: string;
  progress: number;
  error: string | null;
  abort?: () => void;
}

interface Props {
  ticketId: string;
  attachments: Attachment[];
  onAdded: (attachment: Attachment) => void;
  onRemoved: (id: string) => void;
}

/** Drop files anywhere on this card or pick them with the button; each shows its own progress. */
export function Attachments({ ticketId, attachments, onAdded, onRemoved }: Props) {
  const [uploads, setUploads] = useState<UploadItem[]>([]);
  const [dragging, setDragging] = useState(false);
  const dragDepth = useRef(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const nextKey = useRef(1);
  const [confirmElement, confirm] = useConfirm();
  const toast = useToast();

  const update = (key: number, changes: Partial<UploadItem>) =>
    setUploads((list) => list.map((item) => (item.key === key ? { ...item, ...changes } : item)));

  const addFiles = (files: FileList | File[]) => {
    for (const file of Array.from(files)) {
      const key = nextKey.current++;
      const reason = rejectReason(file);
      if (reason) {
        setUploads((list) => [...list, { key, name: file.name, progress: 0, error: reason }]);
        continue;
      }
      const upload = uploadAttachment(ticketId, file, (fraction) => update(key, { progress: fraction }));
      setUploads((list) => [...list, { key, name: file.name, progress: 0, error: null, abort: upload.abort }]);
      upload.promise.then(
        (attachment) => {
          onAdded(attachment);
          setUploads((list) => list.filter((item) => item.key !== key));
        },
        (error: Error) => update(key, { error: error.message, abort: undefined }),
      );
    }
  };

  const dismiss = (key: number) => setUploads((list) => list.filter((item) => item.key !== key));

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    dragDepth.current = 0;
    setDragging(false);
    if (event.dataTransfer.files.length) addFiles(event.dataTransfer.files);
  };

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
      onDragEnter={(event) => {
        if (!event.dataTransfer.types.includes('Files')) return;
        event.preventDefault();
        dragDepth.current += 1;
        setDragging(true);
      }}
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes('Files')) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={() => {
        dragDepth.current = Math.max(0, dragDepth.current - 1);
        if (dragDepth.current === 0) setDragging(false);
      }}
      onDrop={onDrop}
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
      {uploads.length > 0 && (
        <ul className="upload-list" aria-label="Uploads">
          {uploads.map((item) => (
            <li key={item.key} className={item.error ? 'upload failed' : 'upload'}>
              <span className="upload-name">{item.name}</span>
              {item.error ? (
                <span className="upload-error" role="alert">
                  {item.error}
                </span>
              ) : (
                <progress max={1} value={item.progress} aria-label={`Uploading ${item.name}`} />
              )}
              <button
                type="button"
                className="button ghost small icon-button"
                aria-label={item.error ? `Dismiss ${item.name}` : `Cancel upload of ${item.name}`}
                onClick={() => (item.abort ? item.abort() : dismiss(item.key))}
              >
                <Icon name="close" />
              </button>
            </li>
          ))}
        </ul>
      )}
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
