import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiskObjectStore } from '../storage/disk-store.js';
import type { ObjectStore } from '../storage/object-store.js';
import { S3ObjectStore } from '../storage/s3-store.js';
import { startTestS3, type TestS3 } from '../test/s3.js';
import { sampleImage, samplePdf } from '../test/samples.js';
import { FileTooLargeError, UnsupportedFileTypeError } from './file-types.js';
import { attachmentKey } from './keys.js';
import { MAX_ATTACHMENT_BYTES, storeUpload } from './store-upload.js';

let s3: TestS3;
const roots: string[] = [];
beforeAll(async () => {
  s3 = await startTestS3();
});
afterAll(async () => {
  await s3.close();
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

/** A lazily generated upload: `total` bytes in 64 KB chunks, counting how many were actually pulled. */
function lazySource(total: number, fill: (chunk: Buffer, offset: number) => void = (chunk) => chunk.fill('a')) {
  const state = { produced: 0 };
  async function* generate(): AsyncIterable<Buffer> {
    while (state.produced < total) {
      const chunk = Buffer.alloc(Math.min(64 * 1024, total - state.produced));
      fill(chunk, state.produced);
      state.produced += chunk.length;
      yield chunk;
    }
  }
  return { source: generate(), state };
}

async function* chunksOf(bytes: Buffer, size = 16 * 1024): AsyncIterable<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function keysUnder(store: ObjectStore, prefix: string): Promise<string[]> {
  const keys = [];
  for await (const info of store.list(prefix)) keys.push(info.key);
  return keys;
}

function allFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name);
}

const drivers: [string, () => { store: ObjectStore; root?: string }][] = [
  ['disk', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-upload-'));
    roots.push(root);
    return { store: new DiskObjectStore(root), root };
  }],
  ['s3', () => ({
    store: new S3ObjectStore({ bucket: s3.bucket, endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, prefix: `u-${randomBytes(4).toString('hex')}`, credentials: s3.credentials }),
  })],
];

describe.each(drivers)('storeUpload [%s]', (_driver, make) => {
  let store: ObjectStore;
  let root: string | undefined;
  beforeAll(() => {
    ({ store, root } = make());
  });

  it('stores an allowed file under tickets/<owner>/<timestamp>-<random>.<detected ext>', async () => {
    const png = await sampleImage('png');
    const result = await storeUpload(store, chunksOf(png, 100), { filename: 'looks-like.pdf', maxBytes: MAX_ATTACHMENT_BYTES, keyFor: (type) => attachmentKey('owner1', type.extension) });
    expect(result.type.kind).toBe('png');
    expect(result.size).toBe(png.length);
    expect(result.key).toMatch(/^tickets\/owner1\/\d{13}-[0-9a-f]{16}\.png$/);
    expect((await buffer((await store.get(result.key))!.body)).equals(png)).toBe(true);
  });

  it('accepts exactly the limit and refuses one byte more, leaving nothing behind', async () => {
    const exact = await storeUpload(store, lazySource(MAX_ATTACHMENT_BYTES).source, { filename: 'a.txt', maxBytes: MAX_ATTACHMENT_BYTES, keyFor: () => attachmentKey('limit-ok', 'txt') });
    expect(exact.size).toBe(MAX_ATTACHMENT_BYTES);

    const over = storeUpload(store, lazySource(MAX_ATTACHMENT_BYTES + 1).source, { filename: 'a.txt', maxBytes: MAX_ATTACHMENT_BYTES, keyFor: () => attachmentKey('limit-over', 'txt') });
    await expect(over).rejects.toBeInstanceOf(FileTooLargeError);
    await expect(over).rejects.toMatchObject({ statusCode: 413 });
    expect(await keysUnder(store, 'tickets/limit-over/')).toEqual([]);
    if (root) expect(allFiles(path.join(root, 'tickets', 'limit-over'))).toEqual([]);
  });

  it('stops reading a 2 GB upload right after the limit', async () => {
    const { source, state } = lazySource(2 * 1024 * 1024 * 1024);
    await expect(storeUpload(store, source, { filename: 'huge.txt', maxBytes: MAX_ATTACHMENT_BYTES, keyFor: () => attachmentKey('huge', 'txt') }))
      .rejects.toBeInstanceOf(FileTooLargeError);
    expect(state.produced).toBeLessThanOrEqual(MAX_ATTACHMENT_BYTES + 64 * 1024);
    expect(await keysUnder(store, 'tickets/huge/')).toEqual([]);
  });

  it('refuses a disallowed type after its first bytes, before anything is stored', async () => {
    const { source, state } = lazySource(4 * 1024 * 1024, (chunk, offset) => {
      chunk.fill(0);
      if (offset === 0) chunk.write('MZ', 0, 'latin1');
    });
    let keyRequested = false;
    await expect(storeUpload(store, source, { filename: 'invoice.pdf', maxBytes: MAX_ATTACHMENT_BYTES, keyFor: () => { keyRequested = true; return attachmentKey('exe', 'pdf'); } }))
      .rejects.toBeInstanceOf(UnsupportedFileTypeError);
    expect(keyRequested).toBe(false);
    expect(state.produced).toBe(64 * 1024);
  });

  it('refuses content that goes bad at the end and discards what was streamed', async () => {
    const text = Buffer.concat([Buffer.alloc(3 * 1024 * 1024, 'x'), Buffer.from([0xc3])]); // truncated UTF-8 sequence
    await expect(storeUpload(store, chunksOf(text), { filename: 'log.txt', maxBytes: MAX_ATTACHMENT_BYTES, keyFor: () => attachmentKey('late', 'txt') }))
      .rejects.toBeInstanceOf(UnsupportedFileTypeError);
    expect(await keysUnder(store, 'tickets/late/')).toEqual([]);
    if (root) expect(allFiles(path.join(root, 'tickets', 'late'))).toEqual([]);
  });

  it('treats an upstream truncation as too large', async () => {
    await expect(storeUpload(store, chunksOf(samplePdf()), { filename: 'a.pdf', maxBytes: MAX_ATTACHMENT_BYTES, keyFor: () => attachmentKey('cut', 'pdf'), truncated: () => true }))
      .rejects.toBeInstanceOf(FileTooLargeError);
    expect(await keysUnder(store, 'tickets/cut/')).toEqual([]);
  });

  it('gives 20 uploads in the same millisecond 20 distinct objects', async () => {
    const now = Date.now();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      storeUpload(store, chunksOf(Buffer.from(`upload ${i}`)), { filename: 'n.txt', maxBytes: MAX_ATTACHMENT_BYTES, keyFor: (type) => attachmentKey('same-ms', type.extension, now) })));
    expect(new Set(results.map((r) => r.key)).size).toBe(20);
    expect((await keysUnder(store, 'tickets/same-ms/')).sort()).toEqual(results.map((r) => r.key).sort());
  });
});
