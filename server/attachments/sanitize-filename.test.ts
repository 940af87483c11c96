import { describe, expect, it } from 'vitest';
import { MAX_FILENAME_LENGTH, sanitizeFilename } from './sanitize-filename.js';

describe('sanitizeFilename', () => {
  it('keeps an ordinary name as it is', () => {
    expect(sanitizeFilename('Screenshot 2026-03-01 at 10.22.png', 'file')).toBe('Screenshot 2026-03-01 at 10.22.png');
    expect(sanitizeFilename('Überweisung – März 😀.pdf', 'file')).toBe('Überweisung – März 😀.pdf');
  });

  it('normalizes to NFC', () => {
    const decomposed = 'Cafe\u0301.txt';
    expect(sanitizeFilename(decomposed, 'file')).toBe('Caf\u00e9.txt');
  });

  it('keeps only the last path segment and no separators', () => {
    expect(sanitizeFilename('C:\\Users\\ada\\Desktop\\bug.png', 'file')).toBe('bug.png');
    expect(sanitizeFilename('../../etc/passwd', 'file')).toBe('passwd');
    expect(sanitizeFilename('dir/', 'fallback.txt')).toBe('fallback.txt');
  });

  it('strips control characters and bidi overrides, keeping joiners', () => {
    expect(sanitizeFilename('in\u0000voice\r\n.pdf', 'file')).toBe('invoice.pdf');
    expect(sanitizeFilename('invoice\u202Efdp.exe', 'file')).toBe('invoicefdp.exe');
    expect(sanitizeFilename('a\u0085b\u200Bc\uFEFF.txt', 'file')).toBe('abc.txt');
    expect(sanitizeFilename('family 👨\u200D👩\u200D👧.png', 'file')).toBe('family 👨\u200D👩\u200D👧.png');
  });

  it('falls back when nothing printable is left', () => {
    expect(sanitizeFilename('', 'attachment.png')).toBe('attachment.png');
    expect(sanitizeFilename(undefined, 'attachment.png')).toBe('attachment.png');
    expect(sanitizeFilename('\u0001\u0002  ', 'attachment.png')).toBe('attachment.png');
    expect(sanitizeFilename('..', 'attachment.png')).toBe('attachment.png');
  });

  it('limits the length to 255 characters, keeping the extension and whole code points', () => {
    const long = `${'a'.repeat(400)}.docx`;
    const result = sanitizeFilename(long, 'file');
    expect(Array.from(result)).toHaveLength(MAX_FILENAME_LENGTH);
    expect(result.endsWith('.docx')).toBe(true);
    const emoji = sanitizeFilename('😀'.repeat(300), 'file');
    expect(Array.from(emoji)).toHaveLength(MAX_FILENAME_LENGTH);
    expect(emoji).toBe('😀'.repeat(MAX_FILENAME_LENGTH));
  });
});
