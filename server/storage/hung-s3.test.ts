import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../test/app.js';
import { createOwner, type TestOwner } from '../test/factories.js';
import { startTestS3Process, type TestS3Process } from '../test/s3.js';
import { createTicket, uploadFile } from '../test/uploads.js';

/** A hung S3 (its process stopped with SIGSTOP: connections open, no answers) against the real app. */
describe('object store hung (s3rver stopped with SIGSTOP)', () => {
  let s3: TestS3Process;
  let t: TestApp;
  let owner: TestOwner;
  let ticket: { id: string };

  beforeAll(async () => {
    s3 = await startTestS3Process();
    t = await createTestApp('sqlite', { ...s3.env('hung'), READINESS_TIMEOUT_MS: '500', S3_CONNECT_TIMEOUT_MS: '500', S3_REQUEST_TIMEOUT_MS: '800' });
    owner = await createOwner(t);
    ticket = await createTicket(t, owner);
    await t.app.storage.check(); // loads the SDK (slow on a busy machine) before any bounded probe
  });
  afterAll(async () => {
    s3?.resume();
    await t?.close();
    await s3?.close();
  });

  it('says ready while S3 answers', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual({ status: 'ready', database: 'ok', storage: 'ok' });
  });

  it('while S3 hangs: /readyz 503 (storage unavailable), uploads and downloads 503 storage_unavailable with Retry-After, /healthz 200; then recovers', async () => {
    const before = await uploadFile(t, owner, ticket.id, { content: Buffer.from('kept before the fault'), filename: 'before.txt' });
    expect(before.statusCode).toBe(201);
    const attachmentId = json(before).attachment.id;

    s3.pause();
    try {
      const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.headers['retry-after']).toBe('5');
      expect(json(ready).error).toMatchObject({ code: 'not_ready', database: 'ok', storage: 'unavailable' });
      expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);

      const upload = await uploadFile(t, owner, ticket.id, { content: Buffer.from('plain text '.repeat(6000)), filename: 'during.txt' });
      expect(upload.statusCode).toBe(503);
      expect(upload.headers['retry-after']).toBe('5');
      expect(json(upload).error.code).toBe('storage_unavailable');

      const download = await t.app.inject({ method: 'GET', url: `/api/tickets/${ticket.id}/attachments/${attachmentId}`, headers: owner.headers });
      expect(download.statusCode).toBe(503);
      expect(json(download).error.code).toBe('storage_unavailable');
    } finally {
      s3.resume();
    }

    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    const download = await t.app.inject({ method: 'GET', url: `/api/tickets/${ticket.id}/attachments/${attachmentId}`, headers: owner.headers });
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe('kept before the fault');
    // Nothing half-written: the refused upload left no attachment row, and no spool file (bodies are spooled to disk, not memory).
    expect(fs.readdirSync(path.join(t.dataDir, 'spool'))).toEqual([]);
    const list = json(await t.app.inject({ method: 'GET', url: `/api/tickets/${ticket.id}`, headers: owner.headers }));
    expect(JSON.stringify(list)).not.toContain('during.txt');
  });
});
