import { useRef, useState, type DragEvent } from 'react';
import type { Upload } from '../api';
import { rejectReason } from '../attachment-rules';
import { Icon } from './Icon';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../i18n/errors';

export interface UploadItem {
  key: number;
  name: string;
  progress: number;
  error: string | null;
  abort?: () => void;
}

/**
 * A queue of uploads, each with its own progress; files the server would refuse (size, type) fail at
 * once without being sent. `start` begins one upload (ticket attachment, chat file); `onDone` gets its answer.
 */
export function useUploadQueue<T>(start: (file: File, onProgress: (fraction: number) => void) => Upload<T>, onDone: (result: T) => void) {
  const [uploads, setUploads] = useState<UploadItem[]>([]);
  const nextKey = useRef(1);
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
      const upload = start(file, (fraction) => update(key, { progress: fraction }));
      setUploads((list) => [...list, { key, name: file.name, progress: 0, error: null, abort: upload.abort }]);
      upload.promise.then(
        (result) => {
          onDone(result);
          setUploads((list) => list.filter((item) => item.key !== key));
        },
        (error: unknown) => update(key, { error: errorMessage(error), abort: undefined }),
      );
    }
  };

  const dismiss = (key: number) => setUploads((list) => list.filter((item) => item.key !== key));
  return { uploads, addFiles, dismiss };
}

/** Drag-and-drop of files onto an element: spread `handlers` on it; `dragging` while files hover over it. */
export function useFileDrop(onFiles: (files: FileList) => void) {
  const [dragging, setDragging] = useState(false);
  const depth = useRef(0);
  const handlers = {
    onDragEnter: (event: DragEvent) => {
      if (!event.dataTransfer.types.includes('Files')) return;
      event.preventDefault();
      depth.current += 1;
      setDragging(true);
    },
    onDragOver: (event: DragEvent) => {
      if (!event.dataTransfer.types.includes('Files')) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    },
    onDragLeave: () => {
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(false);
    },
    onDrop: (event: DragEvent) => {
      event.preventDefault();
      depth.current = 0;
      setDragging(false);
      if (event.dataTransfer.files.length) onFiles(event.dataTransfer.files);
    },
  };
  return { dragging, handlers };
}

/** Uploads in flight (progress, cancel) and failed ones (reason, dismiss). */
export function UploadList({ uploads, onDismiss }: { uploads: UploadItem[]; onDismiss: (key: number) => void }) {
  const { t } = useTranslation();
  if (uploads.length === 0) return null;
  return (
    <ul className="upload-list" aria-label={t('uploads.label')}>
      {uploads.map((item) => (
        <li key={item.key} className={item.error ? 'upload failed' : 'upload'}>
          <span className="upload-name">{item.name}</span>
          {item.error ? (
            <span className="upload-error" role="alert">
              {item.error}
            </span>
          ) : (
            <progress max={1} value={item.progress} aria-label={t('uploads.uploading', { name: item.name })} />
          )}
          <button
            type="button"
            className="button ghost small icon-button"
            aria-label={item.error ? t('uploads.dismiss', { name: item.name }) : t('uploads.cancel', { name: item.name })}
            onClick={() => (item.abort ? item.abort() : onDismiss(item.key))}
          >
            <Icon name="close" />
          </button>
        </li>
      ))}
    </ul>
  );
}
