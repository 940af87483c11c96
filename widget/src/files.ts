import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES } from '../../shared/constants.js';
import { ApiError } from './api.js';

/**
 * The server's attachment rules (one list in shared/constants.ts; the server judges by content). The
 * widget checks the size and the name/declared type first so a visitor learns at once instead of after
 * an upload; the server keeps the final word (a renamed .exe is still refused there).
 */
export const MAX_FILE_BYTES = MAX_ATTACHMENT_BYTES;
export const FILE_EXTENSIONS = Object.keys(ATTACHMENT_TYPES);
const FILE_TYPES = new Set(Object.values(ATTACHMENT_TYPES).flat());
export const ALLOWED_TEXT = 'images (JPEG, PNG, WebP, GIF), PDF, text, CSV and Word documents';
/** For the file picker's `accept`. */
export const ACCEPT = FILE_EXTENSIONS.map((extension) => `.${extension}`).join(',');

/** What a picked or dropped file says about itself (a File satisfies it). */
export interface FileFacts {
  name: string;
  size: number;
  type: string;
}

/**
 * Why `file` cannot be sent, or null when it may be. A known extension or declared type is enough:
 * browsers leave `type` empty for many files, and a file without an extension (a plain "notes") may
 * still be text, so only a file both unknown by name and typed as something else is refused here.
 */
export function fileProblem(file: FileFacts): string | null {
  if (file.size > MAX_FILE_BYTES) return `“${file.name}” is larger than 5 MB, the limit for files.`;
  if (file.size === 0) return `“${file.name}” is empty.`;
  const dot = file.name.lastIndexOf('.');
  const extension = dot > 0 ? file.name.slice(dot + 1).toLowerCase() : '';
  const type = file.type.toLowerCase().split(';')[0]!.trim();
  if (FILE_EXTENSIONS.includes(extension) || FILE_TYPES.has(type)) return null;
  if (!extension && !type) return null;
  return `“${file.name}” can’t be sent: you can send ${ALLOWED_TEXT}.`;
}

/** The visitor-facing sentence for a refused upload. */
export function uploadFailureText(filename: string, error: ApiError): string {
  switch (error.status) {
    case 413:
      return `“${filename}” is larger than 5 MB, the limit for files.`;
    case 415:
      return `“${filename}” can’t be sent: you can send ${ALLOWED_TEXT}.`;
    case 429:
      return 'You have sent many files in a short time. Please wait a minute and try again.';
    case 404:
      return `“${filename}” was not sent: this conversation has ended. Send a message to start a new one.`;
    default:
      return `“${filename}” was not sent: ${error.message}`;
  }
}

/** "12 KB", "1.4 MB": sizes as people read them. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
