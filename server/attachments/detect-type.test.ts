import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import {
  sampleAnimatedGif, sampleCompoundFile, sampleDoc, sampleDocx, sampleElf, sampleExe, sampleImage, samplePdf, sampleXlsxLikeZip, sampleZip,
} from '../test/samples.js';
import { ContentInspector, detectType, SNIFF_BYTES } from './detect-type.js';
import { UnsupportedFileTypeError, type FileKind } from './file-types.js';

const images: Record<string, Buffer> = {};
beforeAll(async () => {
  for (const format of ['jpeg', 'png', 'webp', 'gif'] as const) images[format] = await sampleImage(format);
  images.animatedGif = await sampleAnimatedGif();
});

/** Feeds the bytes in small chunks, the way a network upload arrives. */
function detectStreaming(bytes: Buffer, filename: string, chunkSize: number) {
  const inspector = new ContentInspector(filename);
  for (let at = 0; at < bytes.length; at += chunkSize) inspector.push(bytes.subarray(at, at + chunkSize));
  return inspector.finish();
}

function refusal(bytes: Buffer, filename = 'upload.bin'): string {
  try {
    detectType(bytes, filename);
  } catch (error) {
    expect(error).toBeInstanceOf(UnsupportedFileTypeError);
    expect((error as AppError).statusCode).toBe(415);
    return (error as UnsupportedFileTypeError).reason;
  }
  throw new Error(`expected ${filename} to be refused`);
}

describe('detectType: allowed types, judged by content', () => {
  const cases: [string, () => Buffer, string, FileKind, string][] = [
    ['JPEG', () => images.jpeg!, 'photo.jpg', 'jpeg', 'image/jpeg'],
    ['PNG', () => images.png!, 'screen.png', 'png', 'image/png'],
    ['WebP', () => images.webp!, 'shot.webp', 'webp', 'image/webp'],
    ['GIF', () => images.gif!, 'a.gif', 'gif', 'image/gif'],
    ['animated GIF', () => images.animatedGif!, 'anim.gif', 'gif', 'image/gif'],
    ['PDF', () => samplePdf(), 'proposal.pdf', 'pdf', 'application/pdf'],
    ['DOC', () => sampleDoc(), 'letter.doc', 'doc', 'application/msword'],
    ['DOCX', () => sampleDocx(), 'letter.docx', 'docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['DOCX with data descriptors', () => sampleDocx({ dataDescriptors: true }), 'streamed.docx', 'docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['UTF-8 text', () => Buffer.from('Steps to reproduce: ouvrir l’écran → 💥\n'), 'steps.txt', 'txt', 'text/plain; charset=utf-8'],
    ['CSV', () => Buffer.from('name,amount\nAda,12.50\n'), 'refunds.csv', 'csv', 'text/csv; charset=utf-8'],
    ['text with a BOM', () => Buffer.from('\uFEFFhello', 'utf8'), 'bom.txt', 'txt', 'text/plain; charset=utf-8'],
    ['text that starts with "<3"', () => Buffer.from('<3 thanks for the fix'), 'note.txt', 'txt', 'text/plain; charset=utf-8'],
  ];

  it.each(cases)('accepts %s', (_label, make, filename, kind, contentType) => {
    const type = detectType(make(), filename);
    expect(type.kind).toBe(kind);
    expect(type.contentType).toBe(contentType);
  });

  it.each(cases)('gives the same verdict for %s when it arrives in 7-byte chunks', (_label, make, filename, kind) => {
    expect(detectStreaming(make(), filename, 7).kind).toBe(kind);
  });

  it('judges disguised files by their bytes, not their names', () => {
    expect(detectType(images.png!, 'invoice.pdf').kind).toBe('png');
    expect(detectType(samplePdf(), 'cat.png').kind).toBe('pdf');
    expect(detectType(sampleDocx(), 'notes.txt').kind).toBe('docx');
    expect(detectType(Buffer.from('just words'), 'report.docx').kind).toBe('txt');
    expect(detectType(Buffer.from('just words'), 'setup.exe').extension).toBe('txt');
  });

  it('picks CSV over TXT only by the name, case-insensitively', () => {
    expect(detectType(Buffer.from('a,b\n1,2\n'), 'DATA.CSV').kind).toBe('csv');
    expect(detectType(Buffer.from('a,b\n1,2\n'), 'data.txt').kind).toBe('txt');
  });

  it('decides the type from the first bytes, before the rest has arrived', () => {
    const inspector = new ContentInspector('big.txt');
    expect(inspector.push(Buffer.alloc(SNIFF_BYTES - 1, 'a'))).toBeNull();
    expect(inspector.push(Buffer.from('a'))?.kind).toBe('txt');
  });

  it('accepts a multi-byte character split across chunks', () => {
    const bytes = Buffer.from('€'.repeat(2000));
    expect(detectStreaming(bytes, 'euros.txt', 1).kind).toBe('txt');
  });

  it('answers 422 for an empty file', () => {
    expect(() => detectType(Buffer.alloc(0), 'empty.txt')).toThrow(expect.objectContaining({ statusCode: 422 }));
  });
});

describe('detectType: everything else is refused with 415', () => {
  it('refuses SVG and HTML, with or without XML declaration, BOM or leading whitespace', () => {
    const markup = [
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>',
      '<!DOCTYPE html><html><body>hi</body></html>',
      '\uFEFF   \n\t<html><script>alert(document.cookie)</script>',
      '<script>alert(1)</script>',
      `${' '.repeat(5000)}<html>`,
    ];
    for (const text of markup) expect(refusal(Buffer.from(text), 'notes.txt')).toMatch(/markup/);
    expect(refusal(Buffer.from(markup[0]!), 'image.svg')).toMatch(/markup/);
  });

  it('refuses executables whatever they are called', () => {
    expect(refusal(sampleExe(), 'invoice.pdf')).toMatch(/Windows executable/);
    expect(refusal(sampleElf(), 'notes.txt')).toMatch(/Linux executable/);
    expect(refusal(Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]), 'app')).toMatch(/macOS/);
  });

  it('refuses binary data and text that is not UTF-8', () => {
    expect(refusal(Buffer.from('hello\0world'), 'a.txt')).toMatch(/binary/);
    expect(refusal(Buffer.from('caf\xe9 cr\xe8me', 'latin1'), 'a.txt')).toMatch(/UTF-8/);
    expect(refusal(Buffer.from('\uFEFFhello', 'utf16le'), 'a.txt')).toMatch(/binary/);
    // A truncated multi-byte sequence at the very end.
    expect(refusal(Buffer.from('price: €').subarray(0, -1), 'a.txt')).toMatch(/UTF-8/);
  });

  it('refuses image/HTML polyglots', () => {
    expect(refusal(Buffer.concat([images.png!, Buffer.from('<html><script>alert(1)</script>')]), 'x.png')).toMatch(/embedded HTML/);
    const gifWithScript = Buffer.concat([images.gif!.subarray(0, 13), Buffer.from('<script>alert(1)</script>'), images.gif!.subarray(13)]);
    expect(refusal(gifWithScript, 'x.gif')).toMatch(/embedded HTML/);
    expect(refusal(Buffer.from('GIF89a<html><body>hi</body></html>;'), 'x.gif')).toMatch(/embedded HTML/);
    expect(refusal(Buffer.concat([images.jpeg!, Buffer.from('<iframe src=x>')]), 'x.jpg')).toMatch(/embedded HTML/);
    expect(refusal(Buffer.from(`%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF`), 'x.pdf')).toMatch(/embedded HTML/);
  });

  it('refuses images with an archive appended (GIFAR-style)', () => {
    const zip = sampleZip({ 'a.class': 'cafebabe' });
    expect(refusal(Buffer.concat([images.jpeg!, zip]), 'x.jpg')).toMatch(/appended archive/);
    expect(refusal(Buffer.concat([images.gif!, zip]), 'x.gif')).toMatch(/appended archive/);
  });

  it('refuses images with data after their end or a broken structure', () => {
    expect(refusal(Buffer.concat([images.png!, Buffer.from('trailing')]), 'x.png')).toMatch(/after its end/);
    expect(refusal(images.png!.subarray(0, images.png!.length - 12), 'x.png')).toMatch(/after its end/);
    expect(refusal(Buffer.concat([images.gif!, Buffer.from('x')]), 'x.gif')).toMatch(/after its end/);
    expect(refusal(Buffer.concat([images.webp!, Buffer.from('xx')]), 'x.webp')).toMatch(/length/);
    expect(refusal(samplePdf().subarray(0, 200), 'x.pdf')).toMatch(/end marker/);
  });

  it('refuses ZIP archives that are not Word documents, macro documents and tampered ZIPs', () => {
    expect(refusal(sampleXlsxLikeZip(), 'sheet.docx')).toMatch(/not a Word document/);
    expect(refusal(sampleZip({ 'word/document.xml': '<w:document/>' }), 'x.docx')).toMatch(/not a Word document/);
    expect(refusal(sampleDocx({ macros: true }), 'x.docx')).toMatch(/macros/);
    expect(refusal(Buffer.concat([sampleDocx(), Buffer.from('<html>')]), 'x.docx')).toMatch(/end record/);
    const docx = sampleDocx();
    expect(refusal(docx.subarray(0, docx.length - 30), 'x.docx')).toMatch(/end record/);
    expect(refusal(Buffer.from('PK\x05\x06' + '\0'.repeat(18), 'latin1'), 'empty.zip')).toMatch(/archive/);
  });

  it('refuses OLE2 files that are not Word documents, and macro documents', () => {
    expect(refusal(sampleCompoundFile([{ name: 'Workbook', type: 2 }]), 'book.doc')).toMatch(/not a Word document/);
    expect(refusal(sampleCompoundFile([{ name: 'WordDocument', type: 2 }, { name: 'Macros', type: 1 }]), 'm.doc')).toMatch(/macros/);
    expect(refusal(sampleDoc().subarray(0, 512), 'cut.doc')).toMatch(/OLE2/);
  });
});
