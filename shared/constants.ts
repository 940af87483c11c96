/**
 * Plain constants shared by the server, the dashboard and the widget. This file imports nothing (in
 * particular not TypeBox), so the widget bundle can use it without growing; the schema files re-export it.
 */

/** Longest chat message body, in characters. Longer bodies answer 422. */
export const MESSAGE_MAX_LENGTH = 10_000;

export const FIELD_TYPES = ['text', 'email', 'textarea', 'select', 'checkbox'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const FORM_LIMITS = {
  fields: 50,
  formName: 200,
  label: 200,
  options: 100,
  option: 200,
  /** Maximum characters of a submitted value, per field type (checkbox values are booleans). */
  value: { text: 1_000, email: 254, textarea: 10_000, select: 200 },
} as const;

/** A field name is a safe identifier: it becomes an HTML input name and a JSON key. */
export const FIELD_NAME_PATTERN = '^[a-zA-Z][a-zA-Z0-9_]{0,63}$';

/**
 * Control names a submission may carry besides the form's fields. They start with "_" so they can never
 * collide with a field name. `_hp` is the honeypot: keep it empty and hidden; a filled one marks a bot.
 * Classic (no-JavaScript) posts may also send `_redirect` (an http(s) URL to 303 to) and `_page_url`.
 */
export const HONEYPOT_FIELD = '_hp';
export const REDIRECT_FIELD = '_redirect';
export const PAGE_URL_FIELD = '_page_url';

/**
 * Files (ticket attachments and files in chat): the size limit and the allowed types, as file extension →
 * the MIME types a browser may declare for it. The server judges every file by its content
 * (server/attachments/detect-type.ts); the dashboard and the widget pre-check with these so people learn
 * at once instead of after an upload.
 */
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
export const ATTACHMENT_TYPES: Readonly<Record<string, readonly string[]>> = {
  jpg: ['image/jpeg'],
  jpeg: ['image/jpeg'],
  png: ['image/png'],
  webp: ['image/webp'],
  gif: ['image/gif'],
  pdf: ['application/pdf'],
  txt: ['text/plain'],
  csv: ['text/csv', 'application/vnd.ms-excel'],
  doc: ['application/msword'],
  docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
};
