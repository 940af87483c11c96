import { inflateRawSync } from 'node:zlib';

/**
 * Just enough ZIP reading to tell a Word document from any other ZIP, without a dependency:
 * the end-of-central-directory record, the central directory, and each entry's local header.
 * The archive must be exactly one well-formed ZIP filling the whole file (nothing prepended or
 * appended, no ZIP64, no encryption, no multi-disk), which also rules out image/ZIP polyglots.
 */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Offset of the entry's data (after its local header). */
  dataOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_ENTRIES = 10_000;

/** The archive's entries, or a reason it is not an acceptable ZIP. */
export function readZipEntries(buf: Buffer): ZipEntry[] | string {
  const eocd = findEndOfCentralDirectory(buf);
  if (eocd < 0) return 'no ZIP end record at the end of the file';
  const disk = buf.readUInt16LE(eocd + 4);
  const cdDisk = buf.readUInt16LE(eocd + 6);
  const entriesHere = buf.readUInt16LE(eocd + 8);
  const entries = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (disk !== 0 || cdDisk !== 0 || entriesHere !== entries) return 'multi-disk ZIP';
  if (entries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) return 'ZIP64 is not supported';
  if (entries === 0 || entries > MAX_ENTRIES) return 'unexpected number of ZIP entries';
  if (cdOffset + cdSize !== eocd) return 'data between the ZIP directory and its end record';

  const result: ZipEntry[] = [];
  const ranges: [number, number][] = [];
  let pos = cdOffset;
  for (let i = 0; i < entries; i++) {
    if (pos + 46 > eocd || buf.readUInt32LE(pos) !== CENTRAL) return 'damaged ZIP central directory';
    const flags = buf.readUInt16LE(pos + 8);
    const method = buf.readUInt16LE(pos + 10);
    const compressedSize = buf.readUInt32LE(pos + 20);
    const uncompressedSize = buf.readUInt32LE(pos + 24);
    const nameLength = buf.readUInt16LE(pos + 28);
    const extraLength = buf.readUInt16LE(pos + 30);
    const commentLength = buf.readUInt16LE(pos + 32);
    const localOffset = buf.readUInt32LE(pos + 42);
    const next = pos + 46 + nameLength + extraLength + commentLength;
    if (next > eocd) return 'damaged ZIP central directory';
    if (flags & 0x1) return 'encrypted ZIP entries are not accepted';
    const nameBytes = buf.subarray(pos + 46, pos + 46 + nameLength);

    // The local header must agree with the directory.
    if (localOffset + 30 > cdOffset || buf.readUInt32LE(localOffset) !== LOCAL) {
      return 'ZIP entries do not start where the directory says';
    }
    const localNameLength = buf.readUInt16LE(localOffset + 26);
    const localExtraLength = buf.readUInt16LE(localOffset + 28);
    if (!buf.subarray(localOffset + 30, localOffset + 30 + localNameLength).equals(nameBytes)) return 'ZIP local and central names differ';
    const dataOffset = localOffset + 30 + localNameLength + localExtraLength;
    let end = dataOffset + compressedSize;
    if (flags & 0x8) end += dataDescriptorLength(buf, end);
    if (end > cdOffset) return 'ZIP entry runs past the directory';

    result.push({ name: nameBytes.toString('utf8'), method, compressedSize, uncompressedSize, dataOffset });
    ranges.push([localOffset, end]);
    pos = next;
  }
  // The entries must tile the file from byte 0 to the directory: no hidden bytes, no overlaps.
  ranges.sort((a, b) => a[0] - b[0]);
  let covered = 0;
  for (const [start, end] of ranges) {
    if (start !== covered) return 'unexpected data between ZIP entries';
    covered = end;
  }
  if (covered !== cdOffset) return 'unexpected data before the ZIP directory';
  return result;
}

/** An entry's content (stored or deflated), refusing to inflate past `maxBytes`. */
export function readZipEntry(buf: Buffer, entry: ZipEntry, maxBytes: number): Buffer | null {
  if (entry.uncompressedSize > maxBytes) return null;
  const data = buf.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  try {
    if (entry.method === 0) return data;
    if (entry.method === 8) return inflateRawSync(data, { maxOutputLength: maxBytes });
  } catch {
    return null;
  }
  return null;
}

/** The end record sits in the last 22 + 65535 bytes and its comment must end exactly at end of file. */
function findEndOfCentralDirectory(buf: Buffer): number {
  const lowest = Math.max(0, buf.length - 22 - 0xffff);
  for (let pos = buf.length - 22; pos >= lowest; pos--) {
    if (buf.readUInt32LE(pos) === EOCD && pos + 22 + buf.readUInt16LE(pos + 20) === buf.length) return pos;
  }
  return -1;
}

/** Data descriptor after the data: optional signature, CRC, two sizes (12 or 16 bytes). */
function dataDescriptorLength(buf: Buffer, at: number): number {
  return at + 4 <= buf.length && buf.readUInt32LE(at) === 0x08074b50 ? 16 : 12;
}
