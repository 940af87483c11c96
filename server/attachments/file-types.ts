import { AppError } from '../errors.js';

/** The attachment types the product allows, keyed by what the content turned out to be. */
export type FileKind = 'jpeg' | 'png' | 'webp' | 'gif' | 'pdf' | 'txt' | 'csv' | 'doc' | 'docx';

export interface FileType {
  kind: FileKind;
  contentType: string;
  /** Extension for the object key and for filename fallbacks, from the detected type only. */
  extension: string;
  /** Gets a thumbnail. */
  image: boolean;
  /** Browsers may display it in place (Content-Disposition: inline); everything else downloads. */
  inline: boolean;
}

export const FILE_TYPES: Record<FileKind, FileType> = {
  jpeg: { kind: 'jpeg', contentType: 'image/jpeg', extension: 'jpg', image: true, inline: true },
  png: { kind: 'png', contentType: 'image/png', extension: 'png', image: true, inline: true },
  webp: { kind: 'webp', contentType: 'image/webp', extension: 'webp', image: true, inline: true },
  gif: { kind: 'gif', contentType: 'image/gif', extension: 'gif', image: true, inline: true },
  // PDF downloads: Chromium's viewer runs a PDF's /OpenAction JavaScript, which must never happen on our origin.
  pdf: { kind: 'pdf', contentType: 'application/pdf', extension: 'pdf', image: false, inline: false },
  txt: { kind: 'txt', contentType: 'text/plain; charset=utf-8', extension: 'txt', image: false, inline: false },
  csv: { kind: 'csv', contentType: 'text/csv; charset=utf-8', extension: 'csv', image: false, inline: false },
  doc: { kind: 'doc', contentType: 'application/msword', extension: 'doc', image: false, inline: false },
  docx: {
    kind: 'docx',
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extension: 'docx',
    image: false,
    inline: false,
  },
};

export const ALLOWED_TYPES_TEXT = 'JPEG, PNG, WebP, GIF, PDF, TXT, CSV, DOC, DOCX';

/** 415: the content is not one of the allowed types (whatever its name or declared type says). */
export class UnsupportedFileTypeError extends AppError {
  constructor(readonly reason: string) {
    super(415, 'unsupported_file_type', `This file type is not allowed (${reason}). Allowed: ${ALLOWED_TYPES_TEXT}.`);
    this.name = 'UnsupportedFileTypeError';
  }
}

/** 413: the file is over the size limit. */
export class FileTooLargeError extends AppError {
  constructor(readonly maxBytes: number) {
    super(413, 'payload_too_large', `Files may be at most ${formatMegabytes(maxBytes)}.`, { maxBytes });
    this.name = 'FileTooLargeError';
  }
}

function formatMegabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return Number.isInteger(mb) ? `${mb} MB` : `${bytes} bytes`;
}
