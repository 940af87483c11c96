import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestS3, type TestS3 } from '../test/s3.js';
import { DiskObjectStore } from './disk-store.js';
import { ObjectExistsError, StorageUnavailableError, type ObjectStore } from './object-store.js';
import { S3ObjectStore } from './s3-store.js';

let s3: TestS3;
const tempDirs: string[] = [];
beforeAll(async () => {
  s3 = await startTestS3();
});
afterAll(async () => {
  await s3.close();
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-store-'));
  tempDirs.push(dir);
  return dir;
}

const drivers: [string, () => ObjectStore][] = [
  ['disk', () => new DiskObjectStore(path.join(tempDir(), 'files'))],
  ['s3', () => new S3ObjectStore({ bucket: s3.bucket, endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, prefix: `p-${randomBytes(4).toString('hex')}`, credentials: s3.credentials })],
];

/** A body that yields some bytes and then fails, like an upload cut off for being too large. */
async function* failingBody(): AsyncIterable<Buffer> {
  yield Buffer.from('first part of the file ');
  throw new Error('upload refused mid-stream');
}

async function listKeys(store: ObjectStore, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const info of store.list(prefix)) keys.push(info.key);
  return keys.sort();
}

describe.each(drivers)('object store [%s]', (_name, makeStore) => {
  let store: ObjectStore;
  beforeAll(() => {
    store = makeStore();
  });

  it('stores a stream and reads the same bytes back, with size and modification time', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 17);
    const put = await store.put('tickets/owner-a/1.bin', Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]), { contentType: 'application/octet-stream' });
    expect(put.size).toBe(bytes.length);

    const got = await store.get('tickets/owner-a/1.bin');
    expect(got?.size).toBe(bytes.length);
    expect((await buffer(got!.body)).equals(bytes)).toBe(true);
    const head = await store.head('tickets/owner-a/1.bin');
    expect(head).toMatchObject({ key: 'tickets/owner-a/1.bin', size: bytes.length });
    expect(Math.abs(head!.lastModified - Date.now())).toBeLessThan(10 * 60_000);
  });

  it('answers null for a missing object and deletes idempotently', async () => {
    expect(await store.get('tickets/nobody/missing.png')).toBeNull();
    expect(await store.head('tickets/nobody/missing.png')).toBeNull();
    await store.put('tickets/owner-b/gone.txt', Readable.from([Buffer.from('bye')]), { contentType: 'text/plain' });
    await store.delete('tickets/owner-b/gone.txt');
    await store.delete('tickets/owner-b/gone.txt');
    expect(await store.head('tickets/owner-b/gone.txt')).toBeNull();
  });

  it('refuses to overwrite an existing object and keeps the original', async () => {
    await store.put('tickets/owner-c/same.txt', Readable.from([Buffer.from('original')]), { contentType: 'text/plain' });
    await expect(store.put('tickets/owner-c/same.txt', Readable.from([Buffer.from('replacement')]), { contentType: 'text/plain' }))
      .rejects.toBeInstanceOf(ObjectExistsError);
    expect((await buffer((await store.get('tickets/owner-c/same.txt'))!.body)).toString()).toBe('original');
  });

  it('leaves nothing behind when the body fails half-way', async () => {
    await expect(store.put('tickets/owner-d/broken.txt', failingBody(), { contentType: 'text/plain' })).rejects.toThrow('upload refused mid-stream');
    expect(await store.head('tickets/owner-d/broken.txt')).toBeNull();
    expect(await listKeys(store, 'tickets/owner-d/')).toEqual([]);
  });

  it('lists by string prefix only the matching objects', async () => {
    for (const key of ['tickets/list-1/a.txt', 'tickets/list-1/b.txt', 'tickets/list-10/c.txt', 'tickets/list-2/d.txt']) {
      await store.put(key, Readable.from([Buffer.from(key)]), { contentType: 'text/plain' });
    }
    expect(await listKeys(store, 'tickets/list-1/')).toEqual(['tickets/list-1/a.txt', 'tickets/list-1/b.txt']);
    expect(await listKeys(store, 'tickets/list-1')).toEqual(['tickets/list-1/a.txt', 'tickets/list-1/b.txt', 'tickets/list-10/c.txt']);
    const info = [];
    for await (const item of store.list('tickets/list-2/')) info.push(item);
    expect(info).toEqual([{ key: 'tickets/list-2/d.txt', size: 'tickets/list-2/d.txt'.length, lastModified: expect.any(Number) }]);
  });

  it('rejects keys that could escape the root or collide with temp files', async () => {
    for (const key of ['../etc/passwd', '/abs/path', 'a//b', 'a/../b', 'a\\b', '.hidden/x', 'tickets/.x.tmp', 'a/b/', '']) {
      await expect(store.put(key, Readable.from([Buffer.from('x')]), { contentType: 'text/plain' })).rejects.toThrow(/Invalid object key/);
    }
  });

  it('reports itself available', async () => {
    await expect(store.check()).resolves.toBeUndefined();
  });
});

describe('disk object store specifics', () => {
  it('lets exactly one of 20 concurrent writers to the same key win, leaving no temp files', async () => {
    const root = path.join(tempDir(), 'files');
    const store = new DiskObjectStore(root);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => store.put('tickets/race/one.txt', Readable.from([Buffer.from(`writer ${i}`)]), { contentType: 'text/plain' })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof ObjectExistsError)).toHaveLength(19);
    expect(fs.readdirSync(path.join(root, 'tickets', 'race'))).toEqual(['one.txt']);
  });

  it('cleans its temp file when the body fails', async () => {
    const root = path.join(tempDir(), 'files');
    const store = new DiskObjectStore(root);
    await expect(store.put('tickets/t/broken.bin', failingBody(), { contentType: 'text/plain' })).rejects.toThrow();
    expect(fs.readdirSync(path.join(root, 'tickets', 't'))).toEqual([]);
  });

  it('writes bodies of any chunking byte for byte (chunks are gathered into batched writes)', async () => {
    const store = new DiskObjectStore(path.join(tempDir(), 'files'));
    const bytes = randomBytes(2 * 1024 * 1024 + 3);
    // One-byte chunks (more chunks than one batch holds), odd sizes across batch edges, one chunk larger than a batch.
    const bodies: [string, Buffer[]][] = [
      ['tiny', Array.from({ length: 3000 }, (_, i) => bytes.subarray(i, i + 1))],
      ['odd', Array.from({ length: Math.ceil(bytes.length / 70_001) }, (_, i) => bytes.subarray(i * 70_001, (i + 1) * 70_001))],
      ['whole', [bytes]],
    ];
    for (const [name, chunks] of bodies) {
      const expected = Buffer.concat(chunks);
      const put = await store.put(`tickets/chunks/${name}.bin`, Readable.from(chunks), { contentType: 'application/octet-stream' });
      expect(put.size).toBe(expected.length);
      expect((await buffer((await store.get(`tickets/chunks/${name}.bin`))!.body)).equals(expected), name).toBe(true);
    }
  });

  it('cleans its temp file when the body fails after whole batches were written', async () => {
    const root = path.join(tempDir(), 'files');
    const store = new DiskObjectStore(root);
    async function* failsLate(): AsyncIterable<Buffer> {
      for (let i = 0; i < 40; i++) yield randomBytes(64 * 1024);
      throw new Error('upload refused mid-stream');
    }
    await expect(store.put('tickets/t/late.bin', failsLate(), { contentType: 'text/plain' })).rejects.toThrow('upload refused mid-stream');
    expect(fs.readdirSync(path.join(root, 'tickets', 't'))).toEqual([]);
  });

  it('reports a root it cannot use as unavailable', async () => {
    const file = path.join(tempDir(), 'not-a-directory');
    fs.writeFileSync(file, 'x');
    const store = new DiskObjectStore(file);
    await expect(store.check()).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(store.put('tickets/x/a.txt', Readable.from([Buffer.from('x')]), { contentType: 'text/plain' })).rejects.toBeInstanceOf(StorageUnavailableError);
  });

  it('finds temp files a crash left behind, and only those', async () => {
    const root = path.join(tempDir(), 'files');
    const store = new DiskObjectStore(root);
    await store.put('tickets/crash/kept.txt', Readable.from([Buffer.from('kept')]), { contentType: 'text/plain' });
    const leftover = path.join(root, 'tickets', 'crash', '.lost.txt.abc123.tmp');
    fs.writeFileSync(leftover, 'partial');
    const old = new Date(Date.now() - 2 * 3600_000);
    fs.utimesSync(leftover, old, old);
    const found = [];
    for await (const file of store.listStaleTemporaries(3600_000)) found.push(file);
    expect(found).toEqual([leftover]);
    expect(await listKeys(store, 'tickets/')).toEqual(['tickets/crash/kept.txt']);
    await store.removeTemporary(leftover);
    expect(fs.existsSync(leftover)).toBe(false);
  });
});

describe('s3 object store specifics', () => {
  it('keeps objects under its key prefix in the bucket', async () => {
    const store = new S3ObjectStore({ bucket: s3.bucket, endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, prefix: '/deploy-a/', credentials: s3.credentials });
    await store.put('tickets/o/x.txt', Readable.from([Buffer.from('x')]), { contentType: 'text/plain' });
    const unprefixed = new S3ObjectStore({ bucket: s3.bucket, endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, prefix: '', credentials: s3.credentials });
    expect(await unprefixed.head('deploy-a/tickets/o/x.txt')).toMatchObject({ size: 1 });
    expect(await listKeys(store, 'tickets/o/')).toEqual(['tickets/o/x.txt']);
  });

  it('reports an unreachable endpoint as unavailable', async () => {
    const port = await closedPort();
    const store = new S3ObjectStore({ bucket: 'b', endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', forcePathStyle: true, prefix: '', credentials: s3.credentials });
    await expect(store.check()).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(store.put('tickets/x/a.txt', Readable.from([Buffer.from('x')]), { contentType: 'text/plain' })).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(store.get('tickets/x/a.txt')).rejects.toBeInstanceOf(StorageUnavailableError);
  });

  it('reports a missing bucket as unavailable', async () => {
    const store = new S3ObjectStore({ bucket: 'no-such-bucket', endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, prefix: '', credentials: s3.credentials });
    await expect(store.check()).rejects.toBeInstanceOf(StorageUnavailableError);
  });
});

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
