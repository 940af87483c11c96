import { describe, expect, it } from 'vitest';
import { downloadFilename } from './download-name.js';

describe('downloadFilename: the saved extension follows the detected type', () => {
  it.each([
    ['evil.html', 'text/plain; charset=utf-8', 'evil.html.txt'],
    ['run.bat', 'text/plain; charset=utf-8', 'run.bat.txt'],
    ['run.bat. ', 'text/plain; charset=utf-8', 'run.bat.txt'],
    ['script.js', 'text/csv; charset=utf-8', 'script.js.csv'],
    ['README', 'text/plain; charset=utf-8', 'README.txt'],
    ['notes.TXT', 'text/plain; charset=utf-8', 'notes.TXT'],
    ['photo.JPEG', 'image/jpeg', 'photo.JPEG'],
    ['photo.png', 'image/jpeg', 'photo.png.jpg'],
    ['invoice.docm', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'invoice.docm.docx'],
    ['letter.doc', 'application/msword', 'letter.doc'],
    ['proposal.pdf', 'application/pdf', 'proposal.pdf'],
    ['page.svg', 'image/png', 'page.svg.png'],
    ['', 'application/pdf', 'download.pdf'],
    ['...', 'text/plain; charset=utf-8', 'download.txt'],
  ])('%s stored as %s downloads as %s', (name, type, expected) => {
    expect(downloadFilename(name, type)).toBe(expected);
  });

  it('never keeps an active name for a type it does not know', () => {
    expect(downloadFilename('x.html', 'application/x-unknown')).toBe('x.html.bin');
  });
});
