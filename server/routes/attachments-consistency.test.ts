import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, json, testEngines, type TestApp } from '../test/app.js';
import { createOwner } from '../test/factories.js';
import { startTestS3, type TestS3 } from '../test/s3.js';
import { sampleImage } from '../test/samples.js';
import { attachmentRows, createTicket, filesOnDisk, storedKeys, uploadFile } from '../test/uploads.js';
import type { ObjectStore } from '../storage/object-store.js';

const servers: TestS3[] = [];
afterAll(async () => {
  for (const server of servers) await server.close();
});

async function s3Env(): Promise<{ env: Record<string, string>; server: TestS3 }> {
  const server = await startTestS3();
  servers.push(server);
  return { env: server.env('consistency'), server };
}

/** Passes every call through to the real store, and runs `afterPut` once an original has been stored. */
function withHookAfterPut(store: ObjectStore, afterPut: { run?: (key: string) => Promise<void> }): ObjectStore {
  return {
    driver: store.driver,
    async put(key, body, options) {
      const result = await store.put(key, body, options);
      if (!key.includes('.thumb.') && afterPut.run) await afterPut.run(key);
      return result;
    },
    get: (key) => store.get(key),
    head: (key) => store.head(key),
    delete: (key) => store.delete(key),
    list: (prefix) => store.list(prefix),
    check: () => store.check(),
  };
}

describe.each(testEngines())('attachment consistency [%s]', (engine) => {
  it.each(['disk', 's3'])('removes the stored file again when the row cannot be written (%s store)', async (driver) => {
    const hook: { run?: (key: string) => Promise<void> } = {};
    const env = driver === 's3' ? (await s3Env()).env : {};
    const t = await createTestApp(engine, env, { wrapStorage: (store) => withHookAfterPut(store, hook) });
    try {
      const owner = await createOwner(t);
      const ticket = await createTicket(t, owner);
      // The ticket is deleted after the file is stored but before its row is written.
      let stored = '';
      hook.run = async (key) => {
        stored = key;
        const deleted = await t.app.inject({ method: 'DELETE', url: `/api/tickets/${ticket.id}`, headers: owner.headers });
        expect(deleted.statusCode).toBe(204);
      };
      const response = await uploadFile(t, owner, ticket.id, { content: await sampleImage('png'), filename: 'late.png' });
      expect(response.statusCode).toBe(404);
      expect(stored).toMatch(/\.png$/);
      expect(await t.app.storage.head(stored)).toBeNull();
      expect(await storedKeys(t, owner.user.id)).toEqual([]);
      expect(await attachmentRows(t, owner.user.id)).toEqual([]);
      expect(filesOnDisk(t)).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('answers 503 storage_unavailable and writes no row when the disk store breaks', async () => {
    const t = await createTestApp(engine);
    try {
      const owner = await createOwner(t);
      const ticket = await createTicket(t, owner);
      const ok = json(await uploadFile(t, owner, ticket.id, { content: Buffer.from('fine'), filename: 'a.txt' })).attachment;
      // Swap the storage root for a plain file: every file operation under it now fails.
      const root = (t.config.storage as { root: string }).root;
      fs.renameSync(root, `${root}.away`);
      fs.writeFileSync(root, 'not a directory');
      try {
        await expectUnavailable(t, owner.headers, ticket.id, ok.url);
        expect((await attachmentRows(t, owner.user.id)).map((row) => row.id)).toEqual([ok.id]);
      } finally {
        fs.rmSync(root);
        fs.renameSync(`${root}.away`, root);
      }
      expect((await t.app.inject({ method: 'GET', url: ok.url, headers: owner.headers })).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('answers 503 storage_unavailable and writes no row when the S3 server goes away', async () => {
    const { env, server } = await s3Env();
    const t = await createTestApp(engine, env);
    try {
      const owner = await createOwner(t);
      const ticket = await createTicket(t, owner);
      const ok = json(await uploadFile(t, owner, ticket.id, { content: Buffer.from('fine'), filename: 'a.txt' })).attachment;
      await server.close();
      servers.splice(servers.indexOf(server), 1);
      await expectUnavailable(t, owner.headers, ticket.id, ok.url);
      expect((await attachmentRows(t, owner.user.id)).map((row) => row.id)).toEqual([ok.id]);
    } finally {
      await t.close();
    }
  });
});

async function expectUnavailable(t: TestApp, headers: Record<string, string>, ticketId: string, existingUrl: string) {
  const owner = { headers } as never;
  const upload = await uploadFile(t, owner, ticketId, { content: Buffer.from('hello'), filename: 'b.txt' });
  expect(upload.statusCode).toBe(503);
  expect(json(upload).error.code).toBe('storage_unavailable');
  const download = await t.app.inject({ method: 'GET', url: existingUrl, headers });
  expect(download.statusCode).toBe(503);
  expect(json(download).error.code).toBe('storage_unavailable');
}

describe('uploads over a real connection', () => {
  it('cuts a 2 GB upload off with 413 right after 5 MB, without waiting for the rest', async () => {
    const t = await createTestApp('sqlite');
    try {
      const owner = await createOwner(t);
      const ticket = await createTicket(t, owner);
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = t.app.server.address() as AddressInfo;
      const result = await streamUpload(port, `/api/tickets/${ticket.id}/attachments`, { ...owner.headers, origin: `http://127.0.0.1:${port}` }, 2 * 1024 ** 3);
      expect(result.status).toBe(413);
      expect(JSON.parse(result.body).error.code).toBe('payload_too_large');
      // The answer came while the client was still sending: far less than 2 GB went over the wire.
      expect(result.sent).toBeLessThan(64 * 1024 * 1024);
      expect(await attachmentRows(t, owner.user.id)).toEqual([]);
      expect(filesOnDisk(t)).toEqual([]);
    } finally {
      await t.close();
    }
  });
});

/** Streams a multipart upload of `total` bytes, stopping as soon as the response arrives. */
function streamUpload(port: number, path: string, headers: Record<string, string>, total: number): Promise<{ status: number; body: string; sent: number }> {
  const boundary = 'fm2gbboundary';
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const request = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` } });
    request.on('response', (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString(), sent });
        request.destroy();
      });
    });
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    request.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.txt"\r\nContent-Type: text/plain\r\n\r\n`);
    const chunk = Buffer.alloc(256 * 1024, 'a');
    const pump = () => {
      while (!answered && !request.destroyed && sent < total) {
        sent += chunk.length;
        if (!request.write(chunk)) return void request.once('drain', pump);
      }
      if (!answered && sent >= total) request.end(`\r\n--${boundary}--\r\n`);
    };
    pump();
  });
}
