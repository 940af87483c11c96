import { crc32, deflateRawSync, deflateSync } from 'node:zlib';
import sharp from 'sharp';

/**
 * Real sample files for attachment tests, built from scratch: images encoded by sharp (libvips),
 * PDF / DOC (OLE2) / DOCX (ZIP) written byte by byte the way their formats specify.
 */
export async function sampleImage(format: 'jpeg' | 'png' | 'webp' | 'gif', width = 64, height = 48): Promise<Buffer> {
  const image = sharp({ create: { width, height, channels: 3, background: { r: 200, g: 60, b: 20 } } });
  return image.toFormat(format).toBuffer();
}

/** An animated two-frame GIF (red then blue) to check that thumbnails take the first frame. */
export async function sampleAnimatedGif(): Promise<Buffer> {
  const frame = (r: number, b: number) => sharp({ create: { width: 40, height: 40, channels: 3, background: { r, g: 0, b } } }).png().toBuffer();
  return sharp([await frame(255, 0), await frame(0, 255)], { join: { animated: true } }).gif({ loop: 0, delay: [100, 100] }).toBuffer();
}

/**
 * A minimal valid one-page PDF with a correct cross-reference table; with `openActionScript`, the
 * catalog runs that JavaScript when a viewer opens the document (/OpenAction, as in hostile PDFs).
 */
export function samplePdf(text = 'Hello', openActionScript?: string): Buffer {
  const objects = [
    openActionScript === undefined
      ? '<< /Type /Catalog /Pages 2 0 R >>'
      : `<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (${openActionScript.replace(/[\\()]/g, '\\$&')}) >> >>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    streamObject(`BT /F1 18 Tf 20 40 Td (${text}) Tj ET`),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

function streamObject(content: string): string {
  return `<< /Length ${content.length} >>\nstream\n${content}\nendstream`;
}

/** An OLE2 compound file (512-byte sectors) whose directory holds the given streams/storages. */
export function sampleCompoundFile(entries: { name: string; type: 1 | 2 }[]): Buffer {
  const sector = 512;
  const header = Buffer.alloc(sector);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header, 0);
  header.writeUInt16LE(0x3e, 0x18); // minor version
  header.writeUInt16LE(3, 0x1a); // major version 3
  header.writeUInt16LE(0xfffe, 0x1c); // byte order
  header.writeUInt16LE(9, 0x1e); // 512-byte sectors
  header.writeUInt16LE(6, 0x20); // 64-byte mini sectors
  header.writeUInt32LE(1, 0x2c); // one FAT sector
  header.writeUInt32LE(1, 0x30); // directory starts at sector 1
  header.writeUInt32LE(4096, 0x38); // mini stream cutoff
  header.writeUInt32LE(0xfffffffe, 0x3c); // no mini FAT
  header.writeUInt32LE(0xfffffffe, 0x44); // no DIFAT sectors
  for (let i = 0; i < 109; i++) header.writeUInt32LE(i === 0 ? 0 : 0xffffffff, 0x4c + i * 4);

  const all = [{ name: 'Root Entry', type: 5 }, ...entries];
  const dirSectors = Math.ceil(all.length / 4);
  const fat = Buffer.alloc(sector, 0xff);
  fat.writeUInt32LE(0xfffffffd, 0); // sector 0 is the FAT itself
  for (let i = 0; i < dirSectors; i++) fat.writeUInt32LE(i === dirSectors - 1 ? 0xfffffffe : i + 2, (i + 1) * 4);

  const directory = Buffer.alloc(dirSectors * sector);
  all.forEach((entry, i) => {
    const at = i * 128;
    const name = Buffer.from(`${entry.name}\0`, 'utf16le');
    name.copy(directory, at);
    directory.writeUInt16LE(name.length, at + 0x40);
    directory[at + 0x42] = entry.type;
    directory.writeUInt32LE(0xffffffff, at + 0x44); // left sibling
    directory.writeUInt32LE(0xffffffff, at + 0x48); // right sibling
    directory.writeUInt32LE(i === 0 && all.length > 1 ? 1 : 0xffffffff, at + 0x4c); // child
    directory.writeUInt32LE(0xfffffffe, at + 0x74); // start sector: none
  });
  return Buffer.concat([header, fat, directory]);
}

export const sampleDoc = () => sampleCompoundFile([{ name: 'WordDocument', type: 2 }, { name: '1Table', type: 2 }]);

/** A ZIP archive built by hand: deflated entries, local headers, central directory, end record. */
export function sampleZip(files: Record<string, string | Buffer>, options: { dataDescriptors?: boolean } = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
    const compressed = deflateRawSync(data);
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const flags = options.dataDescriptors ? 0x0808 : 0x0800;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(options.dataDescriptors ? 0 : crc, 14);
    local.writeUInt32LE(options.dataDescriptors ? 0 : compressed.length, 18);
    local.writeUInt32LE(options.dataDescriptors ? 0 : data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const descriptor = Buffer.alloc(options.dataDescriptors ? 16 : 0);
    if (options.dataDescriptors) {
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(crc, 4);
      descriptor.writeUInt32LE(compressed.length, 8);
      descriptor.writeUInt32LE(data.length, 12);
    }
    const entry = Buffer.concat([local, nameBytes, compressed, descriptor]);
    locals.push(entry);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(Buffer.concat([central, nameBytes]));
    offset += entry.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length, 8);
  end.writeUInt16LE(centrals.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const WORD_MAIN = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';

/** The smallest package Word opens: content types, package relationships, one document part. */
export function sampleDocx(options: { macros?: boolean; dataDescriptors?: boolean } = {}): Buffer {
  const files: Record<string, string | Buffer> = {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      `<Override PartName="/word/document.xml" ContentType="${WORD_MAIN}"/></Types>`,
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    'word/document.xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
      '<w:body><w:p><w:r><w:t>Refund request details</w:t></w:r></w:p></w:body></w:document>',
  };
  if (options.macros) files['word/vbaProject.bin'] = Buffer.from('not really vba');
  return sampleZip(files, options);
}

/** A ZIP that is not a Word document (an .xlsx-like package). */
export function sampleXlsxLikeZip(): Buffer {
  return sampleZip({
    '[Content_Types].xml': '<Types><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
    'xl/workbook.xml': '<workbook/>',
  });
}

/** A tiny Windows PE executable header ("MZ" stub with a PE offset). */
export function sampleExe(): Buffer {
  const bytes = Buffer.alloc(512);
  bytes.write('MZ', 0, 'latin1');
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write('PE\0\0', 0x80, 'latin1');
  bytes.write('This program cannot be run in DOS mode.', 0x4e, 'latin1');
  return bytes;
}

export function sampleElf(): Buffer {
  const bytes = Buffer.alloc(64);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]).copy(bytes);
  return bytes;
}

/**
 * A decompression bomb: a valid 1-bit grayscale PNG of width × height that compresses to a few KB
 * (20000 × 20000 = 400 megapixels ≈ 50 KB on disk, ~400 MB once decoded).
 */
export function sampleBombPng(width = 20_000, height = 20_000): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([length, typed, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // grayscale
  const row = Math.ceil(width / 8) + 1; // filter byte + packed pixels
  const raw = Buffer.alloc(row * height); // all zeros: filter 0, black pixels
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const PACKAGE_RELS_TYPE = 'application/vnd.openxmlformats-package.relationships+xml';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const VBA_REL = 'http://schemas.microsoft.com/office/2006/relationships/vbaProject';
export const DOCM_MAIN = 'application/vnd.ms-word.document.macroEnabled.main+xml';
export const VBA_PROJECT_TYPE = 'application/vnd.ms-office.vbaProject';

export interface WordPackageOptions {
  /** Content type declared for the main part (default: a plain .docx). */
  mainType?: string;
  /** `[Content_Types].xml` entries added after the usual ones (raw XML). */
  extraTypes?: string;
  /** The VBA project's part name (Word writes `word/vbaProject.bin`); none when omitted. */
  vbaPart?: string;
  /** Whether word/_rels/document.xml.rels points at the VBA part with the vbaProject relationship. */
  vbaRelationship?: boolean;
  /** Writes `[Content_Types].xml` as UTF-16LE with a byte-order mark (OPC allows it). */
  utf16Manifest?: boolean;
}

/**
 * A Word package (.docx or, with macros, .docm) the way Word writes one: content types, package and
 * document relationships, the main part and optionally a VBA project under any name.
 */
export function sampleWordPackage(options: WordPackageOptions = {}): Buffer {
  const manifest = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    `<Default Extension="rels" ContentType="${PACKAGE_RELS_TYPE}"/><Default Extension="xml" ContentType="application/xml"/>` +
    `<Override PartName="/word/document.xml" ContentType="${options.mainType ?? WORD_MAIN}"/>${options.extraTypes ?? ''}</Types>`;
  const files: Record<string, string | Buffer> = {
    '[Content_Types].xml': options.utf16Manifest ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(manifest.replace('UTF-8', 'UTF-16'), 'utf16le')]) : manifest,
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/></Relationships>`,
    'word/document.xml': '<?xml version="1.0" encoding="UTF-8"?>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Invoice</w:t></w:r></w:p></w:body></w:document>',
  };
  if (options.vbaPart) {
    const rel = options.vbaRelationship === false ? '' : `<Relationship Id="rId9" Type="${VBA_REL}" Target="${options.vbaPart.replace(/^word\//, '')}"/>`;
    files['word/_rels/document.xml.rels'] = `<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rel}</Relationships>`;
    // A real VBA project is an OLE2 file with a VBA storage.
    files[options.vbaPart] = sampleCompoundFile([{ name: 'VBA', type: 1 }, { name: 'PROJECT', type: 2 }]);
  }
  return sampleZip(files);
}
