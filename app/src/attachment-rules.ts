import { ATTACHMENT_TYPES as ALLOWED, MAX_ATTACHMENT_BYTES } from '../../shared/constants';
import { formatBytes } from './format';

// The same limits the server enforces (one list in shared/), checked first so the user is not made to wait for a refusal.
export { MAX_ATTACHMENT_BYTES };

export const ACCEPT = [...Object.keys(ALLOWED).map((ext) => `.${ext}`), ...new Set(Object.values(ALLOWED).flat())].join(',');
export const ALLOWED_LABEL = 'JPEG, PNG, WebP, GIF, PDF, TXT, CSV, DOC, DOCX';

const extensionOf = (name: string) => name.split('.').pop()?.toLowerCase() ?? '';

/** Why a file cannot be attached, or null when it may be uploaded. */
export function rejectReason(file: File): string | null {
  if (file.size > MAX_ATTACHMENT_BYTES) {
    return `“${file.name}” is ${formatBytes(file.size)}; files can be at most 5 MB.`;
  }
  // The server has the last word (it checks the content); here a known extension or type is enough.
  const typeOk = Object.hasOwn(ALLOWED, extensionOf(file.name)) || Object.values(ALLOWED).some((types) => types.includes(file.type));
  if (!typeOk) return `“${file.name}” is not an allowed file type. Allowed: ${ALLOWED_LABEL}.`;
  if (file.size === 0) return `“${file.name}” is empty.`;
  return null;
}

export type FileKind = 'image' | 'pdf' | 'file';

export function kindOf(contentType: string): FileKind {
  if (contentType.startsWith('image/')) return 'image';
  if (contentType === 'application/pdf') return 'pdf';
  return 'file';
}
