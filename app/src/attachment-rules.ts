import { ATTACHMENT_TYPES as ALLOWED, MAX_ATTACHMENT_BYTES } from '../../shared/constants';
import { formatBytes, formatMegabytes } from './format';
import { t } from './i18n';

// The same limits the server enforces (one list in shared/), checked first so the user is not made to wait for a refusal.
export { MAX_ATTACHMENT_BYTES };

export const ACCEPT = [...Object.keys(ALLOWED).map((ext) => `.${ext}`), ...new Set(Object.values(ALLOWED).flat())].join(',');
export const ALLOWED_LABEL = 'JPEG, PNG, WebP, GIF, PDF, TXT, CSV, DOC, DOCX';

const extensionOf = (name: string) => name.split('.').pop()?.toLowerCase() ?? '';

/** Why a file cannot be attached, or null when it may be uploaded. */
export function rejectReason(file: File): string | null {
  if (file.size > MAX_ATTACHMENT_BYTES) {
    return t('attachments.tooLarge', { name: file.name, size: formatBytes(file.size), max: formatMegabytes(MAX_ATTACHMENT_BYTES) });
  }
  // The server has the last word (it checks the content); here a known extension or type is enough.
  const typeOk = Object.hasOwn(ALLOWED, extensionOf(file.name)) || Object.values(ALLOWED).some((types) => types.includes(file.type));
  if (!typeOk) return t('attachments.typeRefused', { name: file.name, allowed: ALLOWED_LABEL });
  if (file.size === 0) return t('attachments.empty', { name: file.name });
  return null;
}

export type FileKind = 'image' | 'pdf' | 'file';

export function kindOf(contentType: string): FileKind {
  if (contentType.startsWith('image/')) return 'image';
  if (contentType === 'application/pdf') return 'pdf';
  return 'file';
}
