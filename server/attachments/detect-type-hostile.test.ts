import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { DOCM_MAIN, sampleDocx, samplePdf, sampleWordPackage, sampleZip, VBA_PROJECT_TYPE } from '../test/samples.js';
import { ContentInspector, detectType } from './detect-type.js';
import { WORD_MAIN_TYPE } from './ooxml.js';

/** The verdict as one comparable string: the kind, or the refusal's status and reason. */
function verdict(run: () => { kind: string }): string {
  try {
    return run().kind;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return `${error.statusCode} ${error.message}`;
  }
}

function whole(bytes: Buffer, filename: string): string {
  return verdict(() => detectType(bytes, filename));
}

function split(bytes: Buffer, filename: string, at: number): string {
  return verdict(() => {
    const inspector = new ContentInspector(filename);
    inspector.push(bytes.subarray(0, at));
    inspector.push(bytes.subarray(at));
    return inspector.finish();
  });
}

/** Random-looking pixels, so the encoded image is larger than the 4 KB the split test walks through. */
async function noisyImage(format: 'jpeg' | 'png' | 'webp' | 'gif'): Promise<Buffer> {
  return sharp({ create: { width: 96, height: 96, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).toFormat(format).toBuffer();
}

/** A PDF whose header area holds `text` at byte `offset` (padding is a PDF comment line). */
function pdfWith(text: string, offset: number): Buffer {
  const pdf = samplePdf('x'.repeat(6000));
  const head = '%PDF-1.4\n%';
  const padding = ' '.repeat(offset - head.length);
  return Buffer.concat([Buffer.from(head + padding + text + '\n', 'latin1'), pdf.subarray('%PDF-1.4\n'.length)]);
}

const samples: Record<string, [Buffer, string]> = {};
beforeAll(async () => {
  for (const format of ['jpeg', 'png', 'webp', 'gif'] as const) samples[format] = [await noisyImage(format), `photo.${format}`];
  samples.gifWithScript = [Buffer.concat([samples.gif![0].subarray(0, 3000), Buffer.from('<script>alert(1)</script>'), samples.gif![0].subarray(3000)]), 'x.gif'];
  samples.pngWithTrailer = [Buffer.concat([samples.png![0], Buffer.from('trailing')]), 'x.png'];
});

describe('detectType: verdicts do not depend on how the bytes are split', () => {
  const fixed: Record<string, () => [Buffer, string]> = {
    pdf: () => [samplePdf('y'.repeat(6000)), 'big.pdf'],
    pdfMarkupInsideFirstKb: () => [pdfWith('<html><script>alert(1)</script>', 1000), 'x.pdf'],
    pdfMarkupAcrossTheKbEdge: () => [pdfWith('<script>', 1020), 'x.pdf'],
    pdfMarkupAfterFirstKb: () => [pdfWith('<html><script>alert(1)</script>', 2000), 'x.pdf'],
    pdfWithZip: () => [Buffer.concat([samplePdf('z'.repeat(5000)), sampleZip({ 'a.js': 'app.alert(1)' })]), 'x.pdf'],
    text: () => [Buffer.from('Ligne: é → 💥 '.repeat(400)), 'notes.txt'],
    csv: () => [Buffer.from('name,amount\n' + 'Zoë,12.50\n'.repeat(600)), 'refunds.csv'],
    markupAfterWhitespace: () => [Buffer.from(`${' \n'.repeat(1600)}<html><body>x</body></html>`), 'notes.txt'],
    invalidUtf8Late: () => [Buffer.concat([Buffer.from('a'.repeat(3000)), Buffer.from([0xc3]), Buffer.from('b'.repeat(2000))]), 'a.txt'],
    nulLate: () => [Buffer.from(`${'a'.repeat(2500)}\0${'b'.repeat(2500)}`), 'a.txt'],
    docx: () => [sampleDocx(), 'letter.docx'],
    docmRenamed: () => [sampleWordPackage({ mainType: DOCM_MAIN, vbaPart: 'word/logo.dat', extraTypes: `<Default Extension="dat" ContentType="${VBA_PROJECT_TYPE}"/>` }), 'x.docx'],
  };

  it.each(Object.keys(fixed))('%s: the same verdict when split at every offset 0..4096', (name) => {
    const [bytes, filename] = fixed[name]!();
    const expected = whole(bytes, filename);
    for (let at = 0; at <= 4096; at++) {
      const got = split(bytes, filename, Math.min(at, bytes.length));
      if (got !== expected) expect({ at, got }).toEqual({ at, got: expected });
    }
  });

  it.each(['jpeg', 'png', 'webp', 'gif', 'gifWithScript', 'pngWithTrailer'])('%s: the same verdict when split at every offset 0..4096', (name) => {
    const [bytes, filename] = samples[name]!;
    expect(bytes.length).toBeGreaterThan(4096);
    const expected = whole(bytes, filename);
    for (let at = 0; at <= 4096; at++) {
      const got = split(bytes, filename, at);
      if (got !== expected) expect({ at, got }).toEqual({ at, got: expected });
    }
  });

  it('judges PDF markup by a fixed range: inside the first 1 KB refused, past it accepted (served as a download)', () => {
    expect(whole(fixed.pdfMarkupInsideFirstKb!()[0], 'x.pdf')).toMatch(/^415 .*PDF with embedded HTML/);
    expect(whole(fixed.pdfMarkupAcrossTheKbEdge!()[0], 'x.pdf')).toBe('pdf');
    expect(whole(fixed.pdfMarkupAfterFirstKb!()[0], 'x.pdf')).toBe('pdf');
    expect(whole(fixed.pdfWithZip!()[0], 'x.pdf')).toMatch(/^415 .*appended archive/);
  });
});

describe('detectType: macro-enabled Word packages are found by their declarations, not part names', () => {
  const refusedWith = (bytes: Buffer) => whole(bytes, 'invoice.docx');

  it('accepts plain Word documents, including a UTF-16 manifest', () => {
    expect(refusedWith(sampleWordPackage())).toBe('docx');
    expect(refusedWith(sampleWordPackage({ utf16Manifest: true }))).toBe('docx');
  });

  it('refuses a .docm whose VBA project is renamed (only content types and relationships reveal it)', () => {
    const docm = sampleWordPackage({ mainType: DOCM_MAIN, vbaPart: 'word/logo.dat', extraTypes: `<Default Extension="dat" ContentType="${VBA_PROJECT_TYPE}"/>` });
    expect(refusedWith(docm)).toMatch(/^415 This file type is not allowed \(a Word document with macros\)/);
  });

  it('refuses a VBA part declared by an Override, even under a plain main type', () => {
    const bytes = sampleWordPackage({ vbaPart: 'word/media/image1.png', extraTypes: `<Override PartName="/word/media/image1.png" ContentType="${VBA_PROJECT_TYPE}"/>` });
    expect(refusedWith(bytes)).toMatch(/macros/);
  });

  it('refuses a vbaProject relationship to a part declared as something harmless', () => {
    const bytes = sampleWordPackage({ vbaPart: 'word/media/image1.png', extraTypes: '<Default Extension="png" ContentType="image/png"/>' });
    expect(refusedWith(bytes)).toMatch(/macros/);
  });

  it('refuses a macro main part even when the plain type is mentioned elsewhere in the manifest', () => {
    const bytes = sampleWordPackage({ mainType: DOCM_MAIN, extraTypes: `<Default Extension="docxml" ContentType="${WORD_MAIN_TYPE}"/>` });
    expect(refusedWith(bytes)).toMatch(/^415 /);
  });

  it('sees through entity-encoded, prefixed, single-quoted and UTF-16 declarations', () => {
    const encoded = DOCM_MAIN.replace('macroEnabled', 'macro&#69;n&#x61;bled');
    expect(refusedWith(sampleWordPackage({ mainType: encoded }))).toMatch(/macros/);
    const prefixed = `<ct:Override xmlns:ct="x" ContentType='${VBA_PROJECT_TYPE}' PartName='/word/a.bin'/>`;
    expect(refusedWith(sampleWordPackage({ vbaPart: 'word/a.bin', vbaRelationship: false, extraTypes: prefixed }))).toMatch(/macros/);
    expect(refusedWith(sampleWordPackage({ mainType: DOCM_MAIN, utf16Manifest: true }))).toMatch(/macros/);
  });

  it('refuses templates, ambiguous part names and packages without a Word main part', () => {
    expect(refusedWith(sampleWordPackage({ mainType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml' }))).toMatch(/not a Word document/);
    const files = { '[Content_Types].xml': '<Types/>', '_rels/.rels': '<Relationships/>', 'word/document.xml': '<w:document/>', 'WORD/document.xml': '<w:document/>' };
    expect(refusedWith(sampleZip(files))).toMatch(/duplicate part names/);
    expect(refusedWith(sampleZip({ '[Content_Types].xml': `<Types><Override PartName="/word/document.xml" ContentType="${WORD_MAIN_TYPE}"/></Types>`, 'word/document.xml': '<w:document/>' }))).toMatch(/not a Word document/);
  });
});

describe('detectType: odd files and polyglots', () => {
  it('refuses a PDF with bytes before its header (readers accept it; we would store it as text)', () => {
    expect(whole(Buffer.concat([Buffer.from('note\n'), samplePdf()]), 'x.pdf')).toMatch(/^415 .*not UTF-8/);
    expect(whole(Buffer.concat([Buffer.from('<html>\n'), samplePdf()]), 'x.pdf')).toMatch(/^415 /);
  });

  it('refuses HTML whatever it is called or however it is encoded', () => {
    expect(whole(Buffer.from('<!doctype html><script>alert(1)</script>'), 'invoice.pdf')).toMatch(/^415 .*markup/);
    expect(whole(Buffer.from('\uFEFF<html><script>alert(1)</script>', 'utf16le'), 'x.txt')).toMatch(/^415 .*binary/);
  });

  it('refuses a Word package that is also something else (bytes before or after the archive)', () => {
    expect(whole(Buffer.concat([samplePdf(), sampleDocx()]), 'x.pdf')).toMatch(/^415 .*appended archive/);
    expect(whole(Buffer.concat([sampleDocx(), Buffer.from('%PDF-1.4\n%%EOF\n')]), 'x.docx')).toMatch(/^415 /);
  });
});
