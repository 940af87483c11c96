import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, testEngines, type TestApp } from '../test/app.js';
import { createOwner, type TestOwner } from '../test/factories.js';
import { mountTmpfs, mountUnavailableReason, type TestVolume } from '../test/mounts.js';
import { createTicket, filesOnDisk, uploadFile } from '../test/uploads.js';

const reason = mountUnavailableReason();
if (reason) {
  console.warn(`\n!!! SKIPPED: disk-full / read-only volume tests need root to mount a tmpfs (${reason}) !!!\n`);
}

const text = (kb: number) => Buffer.from('0123456789abcdef'.repeat(64 * kb));

async function attachmentNames(t: TestApp, owner: TestOwner, ticketId: string): Promise<string[]> {
  const view = json(await t.app.inject({ method: 'GET', url: `/api/tickets/${ticketId}`, headers: owner.headers }));
  return JSON.stringify(view).match(/"(?:filename|name)":"[^"]+\.txt"/g) ?? [];
}

describe.skipIf(reason !== null)('attachment volume full or read-only (a real tmpfs)', () => {
  let volume: TestVolume;
  let t: TestApp;
  let owner: TestOwner;
  let ticket: { id: string };

  beforeAll(async () => {
    volume = mountTmpfs(1024 * 1024);
    t = await createTestApp('sqlite', { STORAGE_URL: `file://${volume.dir}/files` });
    owner = await createOwner(t);
    ticket = await createTicket(t, owner);
  });
  afterAll(async () => {
    await t?.close();
    volume?.unmount();
  });

  it('disk full: 503 storage_unavailable + Retry-After, nothing half-written, downloads keep working, uploads work again once space is freed', async () => {
    const kept = await uploadFile(t, owner, ticket.id, { content: text(16), filename: 'kept.txt' });
    expect(kept.statusCode).toBe(201);
    const before = await attachmentNames(t, owner, ticket.id);
    const free = volume.fill();
    try {
      const upload = await uploadFile(t, owner, ticket.id, { content: text(200), filename: 'too-much.txt' });
      expect(upload.statusCode).toBe(503);
      expect(upload.headers['retry-after']).toBe('5');
      expect(json(upload).error.code).toBe('storage_unavailable');
      expect(await attachmentNames(t, owner, ticket.id)).toEqual(before);
      expect(filesOnDisk(t).filter((name) => name.endsWith('.tmp'))).toEqual([]);
      const download = await t.app.inject({ method: 'GET', url: `/api/tickets/${ticket.id}/attachments/${json(kept).attachment.id}`, headers: owner.headers });
      expect(download.statusCode).toBe(200);
      expect(download.rawPayload.equals(text(16))).toBe(true);
    } finally {
      free();
    }
    expect((await uploadFile(t, owner, ticket.id, { content: text(200), filename: 'fits-now.txt' })).statusCode).toBe(201);
  });

  it('read-only volume: 503 storage_unavailable, downloads keep working, uploads work again once writable', async () => {
    const kept = await uploadFile(t, owner, ticket.id, { content: text(4), filename: 'ro-kept.txt' });
    expect(kept.statusCode).toBe(201);
    volume.readOnly();
    try {
      const upload = await uploadFile(t, owner, ticket.id, { content: text(4), filename: 'refused.txt' });
      expect(upload.statusCode).toBe(503);
      expect(upload.headers['retry-after']).toBe('5');
      expect(json(upload).error.code).toBe('storage_unavailable');
      const download = await t.app.inject({ method: 'GET', url: `/api/tickets/${ticket.id}/attachments/${json(kept).attachment.id}`, headers: owner.headers });
      expect(download.statusCode).toBe(200);
      const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(json(ready).error).toMatchObject({ storage: 'unavailable' });
    } finally {
      volume.readWrite();
    }
    expect((await uploadFile(t, owner, ticket.id, { content: text(4), filename: 'writable-again.txt' })).statusCode).toBe(201);
  });
});

describe.skipIf(reason !== null || !testEngines().includes('sqlite'))('SQLite database volume full or read-only (a real tmpfs)', () => {
  let volume: TestVolume;
  let t: TestApp;
  let owner: TestOwner;

  beforeAll(async () => {
    volume = mountTmpfs(8 * 1024 * 1024);
    t = await createTestApp('sqlite', { DATABASE_URL: `sqlite:${path.join(volume.dir, 'floatmessage.db')}` });
    owner = await createOwner(t);
  });
  afterAll(async () => {
    await t?.close();
    volume?.unmount();
  });

  const startConversation = (body: string) =>
    t.app.inject({ method: 'POST', url: `/api/widget/${owner.siteKey}/conversations`, payload: { message: { body } } });
  const conversationCount = async () => json(await t.app.inject({ method: 'GET', url: '/api/conversations', headers: owner.headers })).items.length as number;

  it('disk full: writes answer 503 database_unavailable + Retry-After with nothing half-written, reads keep working, writes recover once space is freed', async () => {
    expect((await startConversation('before')).statusCode).toBe(201);
    const before = await conversationCount();
    const free = volume.fill();
    let refused = 0;
    try {
      // The WAL may still have room for a few pages; keep writing until the disk says no.
      for (let i = 0; i < 200 && refused === 0; i++) {
        const response = await startConversation(`while full ${i} ${'x'.repeat(4000)}`);
        if (response.statusCode === 503) {
          refused++;
          expect(response.headers['retry-after']).toBe('5');
          expect(json(response).error.code).toBe('database_unavailable');
        } else expect(response.statusCode).toBe(201);
      }
      expect(refused).toBe(1);
      const during = await conversationCount();
      expect(during).toBeGreaterThanOrEqual(before);
      // Every conversation that exists is whole: it has its first message.
      const rows = await t.app.db.selectFrom('conversations').leftJoin('messages', 'messages.conversation_id', 'conversations.id')
        .select(['conversations.id', 'messages.id as messageId']).execute();
      expect(rows.every((row) => row.messageId !== null)).toBe(true);
    } finally {
      free();
    }
    expect((await startConversation('after')).statusCode).toBe(201);
    expect(await conversationCount()).toBeGreaterThan(before);
  });
  // No read-only case for the database volume: Linux refuses to remount a volume read-only while SQLite
  // holds its files open for writing (EBUSY), so that fault cannot be produced here. SQLITE_READONLY and
  // SQLITE_IOERR (a kernel's errors=remount-ro) are answered 503 like SQLITE_FULL (isDatabaseUnavailable).
});
