/**
 * Just enough of the OLE2 Compound File Binary format ([MS-CFB]) to list the directory entry names.
 * The OLE2 header alone is shared by .doc, .xls, .ppt and .msi installers; the directory says which
 * one a file is (a Word document has a "WordDocument" stream).
 */
export interface CfbEntry {
  name: string;
  /** 1 storage, 2 stream, 5 root. */
  type: number;
}

export const CFB_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const END_OF_CHAIN = 0xfffffffe;
const HEADER_DIFAT_ENTRIES = 109;

/** The directory entries, or a reason the file is not a readable compound file. */
export function readCfbEntries(buf: Buffer): CfbEntry[] | string {
  if (buf.length < 512 || !buf.subarray(0, 8).equals(CFB_SIGNATURE)) return 'not an OLE2 compound file';
  if (buf.readUInt16LE(0x1c) !== 0xfffe) return 'bad OLE2 byte order mark';
  const shift = buf.readUInt16LE(0x1e);
  if (shift !== 9 && shift !== 12) return 'bad OLE2 sector size';
  const sectorSize = 1 << shift;
  const sectorCount = Math.floor(buf.length / sectorSize) - 1;
  const sector = (id: number): Buffer | null =>
    id < sectorCount ? buf.subarray((id + 1) * sectorSize, (id + 2) * sectorSize) : null;

  // The allocation table, from the FAT sectors listed in the header (enough for files up to ~7 MB at 512-byte sectors).
  const fatSectors = buf.readUInt32LE(0x2c);
  if (fatSectors === 0 || fatSectors > HEADER_DIFAT_ENTRIES) return 'unsupported OLE2 allocation table size';
  const fat: number[] = [];
  for (let i = 0; i < fatSectors; i++) {
    const data = sector(buf.readUInt32LE(0x4c + i * 4));
    if (!data) return 'OLE2 allocation table points outside the file';
    for (let off = 0; off < sectorSize; off += 4) fat.push(data.readUInt32LE(off));
  }

  const entries: CfbEntry[] = [];
  const seen = new Set<number>();
  for (let id = buf.readUInt32LE(0x30); id !== END_OF_CHAIN; id = fat[id] ?? END_OF_CHAIN) {
    const data = sector(id);
    if (!data || seen.has(id)) return 'damaged OLE2 directory chain';
    seen.add(id);
    for (let off = 0; off + 128 <= sectorSize; off += 128) {
      const type = data[off + 0x42]!;
      const nameLength = data.readUInt16LE(off + 0x40);
      if (type === 0) continue; // unused slot
      if (nameLength < 2 || nameLength > 64 || nameLength % 2 !== 0) return 'damaged OLE2 directory entry';
      entries.push({ name: data.subarray(off, off + nameLength - 2).toString('utf16le'), type });
    }
  }
  if (entries[0]?.type !== 5) return 'OLE2 directory has no root entry';
  return entries;
}
