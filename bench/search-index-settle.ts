import Database from 'better-sqlite3';

/**
 * SQLite: waits until the server's maintenance worker has merged the search index (issue 20). A generated data set
 * is a bulk load: its FTS5 index is left with a merge under way (at 1M tickets ~29,000 pages, then the whole
 * ~72,000-page index), which a server merges in its first seconds of quiet. Measured before that, the first
 * scenario's commits carry the merge (notes p99 67 ms for ~12,000 writes), whatever it measures. `--no-settle`
 * measures that state instead.
 */
export async function waitForSearchIndexSettled(file: string, timeoutMs = 180_000): Promise<{ seconds: number; atStart: string; settled: boolean }> {
  const probe = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const started = Date.now();
    const atStart = describeStructure(readStructure(probe));
    for (;;) {
      const levels = readStructure(probe);
      // FTS5's 'merge' has nothing left: no merge under way, no level of 4 ('usermerge') segments or more.
      const settled = levels.every((level) => level.merging === 0 && level.segments < 4);
      const seconds = Math.round((Date.now() - started) / 100) / 10;
      if (settled || Date.now() - started > timeoutMs) return { seconds, atStart, settled };
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    probe.close();
  }
}

interface Level { merging: number; segments: number; pages: number }

/** FTS5's structure record (row 10 of `ticket_search_data`): levels, each with its segments and a merge under way. */
function readStructure(db: Database.Database): Level[] {
  const row = db.prepare('select block from ticket_search_data where id = 10').get() as { block: Buffer } | undefined;
  if (!row) return [];
  const block = row.block;
  let at = 4;
  const v2 = block.readUInt32BE(4) === 0xff000001;
  if (v2) at += 4;
  const read = () => {
    let value = 0;
    for (let i = 0; i < 9; i++) {
      const byte = block[at++]!;
      if (i === 8) return value * 256 + byte;
      value = value * 128 + (byte & 0x7f);
      if (!(byte & 0x80)) return value;
    }
    return value;
  };
  const levelCount = read();
  read(); // segments in all
  read(); // write counter
  const levels: Level[] = [];
  for (let l = 0; l < levelCount; l++) {
    const merging = read();
    const segments = read();
    let pages = 0;
    for (let s = 0; s < segments; s++) {
      read(); // segment id
      const first = read();
      pages += read() - first + 1;
      if (v2) for (let i = 0; i < 5; i++) read(); // origins, tombstone pages and entries, entries
    }
    levels.push({ merging, segments, pages });
  }
  return levels;
}

const describeStructure = (levels: Level[]) =>
  levels.map((l, i) => `L${i} ${l.segments}${l.merging ? ` (merging ${l.merging})` : ''}/${l.pages} pages`).join(', ');
