/**
 * The uploaded name is shown to people and offered back as the download name; it never reaches a
 * path or an object key. Cleaned so it cannot mislead or break anything:
 * - NFC, so "é" typed on macOS (decomposed) and Windows (composed) are the same name;
 * - only the last path segment (old browsers send "C:\Users\…\shot.png"), no '/' or '\';
 * - no control characters (C0, DEL, C1, line/paragraph separators) and no bidi overrides or
 *   invisible marks, which can make "invoice\u202Efdp.exe" display as "invoiceexe.pdf" (joiners
 *   U+200C/U+200D stay: Persian names and emoji sequences need them);
 * - at most 255 characters, shortening the stem so a short extension survives.
 */
export const MAX_FILENAME_LENGTH = 255;

export function sanitizeFilename(raw: string | undefined, fallback: string): string {
  let name = (raw ?? '').normalize('NFC');
  name = name.split(/[/\\]/).pop() ?? '';
  name = name.replace(/[\p{Cc}\u2028\u2029\u061C\u200B\u200E\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/gu, '');
  name = name.replace(/\s+/gu, ' ').trim();
  if (name === '' || name === '.' || name === '..') return fallback;
  return limitLength(name, MAX_FILENAME_LENGTH);
}

function limitLength(name: string, max: number): string {
  const chars = Array.from(name); // code points: never split a surrogate pair
  if (chars.length <= max) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? Array.from(name.slice(dot)) : [];
  if (extension.length > 1 && extension.length <= 16) {
    return chars.slice(0, max - extension.length).join('').trimEnd() + extension.join('');
  }
  return chars.slice(0, max).join('');
}
