import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES } from '../../shared/constants.js';
import { ApiError } from './api.js';
import { formatNumber, t } from './i18n.js';

/**
 * The server's attachment rules (one list in shared/constants.ts; the server judges by content). The
 * widget checks the size and the name/declared type first so a visitor learns at once instead of after
 * an upload; the server keeps the final word (a renamed .exe is still refused there).
 */
export const MAX_FILE_BYTES = MAX_ATTACHMENT_BYTES;
export const FILE_EXTENSIONS = Object.keys(ATTACHMENT_TYPES);
const FILE_TYPES = new Set(Object.values(ATTACHMENT_TYPES).flat());
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
  const name = file.name;
  if (file.size > MAX_FILE_BYTES) return t('fileTooBig', { name });
  if (file.size === 0) return t('fileEmpty', { name });
  const dot = file.name.lastIndexOf('.');
  const extension = dot > 0 ? file.name.slice(dot + 1).toLowerCase() : '';
  const type = file.type.toLowerCase().split(';')[0]!.trim();
  if (FILE_EXTENSIONS.includes(extension) || FILE_TYPES.has(type)) return null;
  if (!extension && !type) return null;
  return t('fileType', { name });
}

/** The visitor-facing sentence for a refused upload (other refusals carry the server's own words). */
export function uploadFailureText(name: string, error: ApiError): string {
  switch (error.status) {
    case 413:
      return t('fileTooBig', { name });
    case 415:
      return t('fileType', { name });
    case 429:
      return t('fileRate');
    case 404:
      return t('fileEnded', { name });
    default:
      return t('fileFailed', { name, reason: error.message });
  }
}

/** "12 KB", "1.4 MB" ("1,4 Mo" in French): sizes as people read them. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return t('sizeB', { n: bytes });
  if (bytes < 1024 * 1024) return t('sizeKB', { n: Math.round(bytes / 1024) });
  return t('sizeMB', { n: formatNumber(bytes / (1024 * 1024), { minimumFractionDigits: 1, maximumFractionDigits: 1 }) });
}
