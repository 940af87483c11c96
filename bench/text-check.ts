/**
 * The upload's UTF-8 check (server/attachments/detect-type.ts, TXT/CSV) over 5 MB, the way uploads
 * feed it (64 KB chunks): the TextDecoder fatal decode it used before against `buffer.isUtf8` as the
 * TextValidator now runs it (through ContentInspector, so the figure includes the NUL and markup checks).
 * Prints ms per 5 MB (median of 30 runs after 5 warm-up runs) for ASCII and for mixed multi-byte text.
 *
 *   npx tsx bench/text-check.ts
 */
import { ContentInspector } from '../server/attachments/detect-type.js';
import { medianMs } from './median-time.js';

const SIZE = 5 * 1024 * 1024;
const CHUNK = 64 * 1024;
const RUNS = 30;

/** 5 MB of `line` repeated, cut at a character boundary (valid UTF-8), in 64 KB chunks. */
function chunksOf(line: string): { chunks: Buffer[]; length: number } {
  const text = Buffer.from(line.repeat(Math.ceil(SIZE / Buffer.byteLength(line)))).subarray(0, SIZE);
  let end = text.length;
  while ((text[end - 1]! & 0xc0) === 0x80 || text[end - 1]! >= 0xc0) end--;
  const data = text.subarray(0, end);
  const chunks: Buffer[] = [];
  for (let i = 0; i < data.length; i += CHUNK) chunks.push(data.subarray(i, i + CHUNK));
  return { chunks, length: data.length };
}

function textDecoderCheck(chunks: Buffer[]): void {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (const chunk of chunks) {
    if (chunk.includes(0)) throw new Error('NUL');
    decoder.decode(chunk, { stream: true });
  }
  decoder.decode();
}

function inspectorCheck(chunks: Buffer[]): void {
  const inspector = new ContentInspector('notes.txt');
  for (const chunk of chunks) inspector.push(chunk);
  if (inspector.finish().kind !== 'txt') throw new Error('not text');
}

const median = (run: () => void) => medianMs(run, { warmup: 5, rounds: RUNS });

// ASCII (a CSV export, a log) and mixed text (accents, CJK, emoji: some chunks split a sequence).
const SAMPLES = {
  ascii: 'order-1234,late,customer@example.com,"Where is my parcel? It was due on Monday."\n',
  mixed: 'Order 1234 was late — café, naïve, 注文が遅れました 📦, thanks!\n',
};
for (const [name, line] of Object.entries(SAMPLES)) {
  const { chunks, length } = chunksOf(line);
  const perFiveMb = (ms: number) => (ms * SIZE / length).toFixed(2);
  console.log(`${name}: TextDecoder (fatal, streamed) ${perFiveMb(median(() => textDecoderCheck(chunks)))} ms per 5 MB; ` +
    `buffer.isUtf8 (ContentInspector) ${perFiveMb(median(() => inspectorCheck(chunks)))} ms per 5 MB`);
}
