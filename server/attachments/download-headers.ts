import { downloadFilename } from './download-name.js';

/**
 * Headers for serving a stored file to a browser safely, whatever bytes it holds:
 * - the stored (detected) Content-Type and `nosniff`, so the browser never second-guesses it;
 * - `Content-Security-Policy: default-src 'none'; sandbox`: even if something renders, it cannot run
 *   script, load anything or act as our origin;
 * - `Cross-Origin-Resource-Policy: same-origin`: other sites cannot embed it (visitor chat files: cross-origin, see below);
 * - `Content-Disposition`: inline only for images, attachment for everything else (PDF included: a
 *   browser's PDF viewer runs the document's scripts, and must not do so with our origin), with the
 *   name (its extension made to follow the stored type, see download-name.ts) as an ASCII fallback plus
 *   the exact UTF-8 name (RFC 6266 / RFC 5987).
 */
export interface DownloadFile {
  filename: string;
  contentType: string;
  size?: number;
  inline: boolean;
  /**
   * The widget shows a chat file on the customer's own site, i.e. from another origin: the resource
   * policy must then allow cross-origin embedding. The URL carries the visitor token, so no referrer is sent onwards.
   */
  crossOrigin?: boolean;
}

export function downloadHeaders(file: DownloadFile): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': file.contentType,
    'content-disposition': contentDisposition(file.inline ? 'inline' : 'attachment', downloadFilename(file.filename, file.contentType)),
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
    'cross-origin-resource-policy': file.crossOrigin ? 'cross-origin' : 'same-origin',
    // Owner-only content: keep it out of shared caches and off disk.
    'cache-control': 'private, no-store',
  };
  if (file.crossOrigin) headers['referrer-policy'] = 'no-referrer';
  if (file.size !== undefined) headers['content-length'] = String(file.size);
  return headers;
}

export function contentDisposition(type: 'inline' | 'attachment', filename: string): string {
  return `${type}; filename="${asciiFallback(filename)}"; filename*=UTF-8''${encodeRfc5987(filename)}`;
}

/** Accents dropped, anything outside printable ASCII (and the quoting characters) replaced by '_'. */
function asciiFallback(filename: string): string {
  const ascii = filename
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\x20-\x7e]|["\\%]/gu, '_');
  return ascii.trim() === '' ? 'download' : ascii;
}

/** RFC 5987 attr-char is ALPHA / DIGIT / "!#$&+-.^_`|~"; every other byte of the UTF-8 name is %XX. */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
