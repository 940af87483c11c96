import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { createTestApp, describeEachEngine, json, testEngines, type TestApp } from '../test/app.js';
import { startChat } from '../test/chat.js';
import { createOwner, type TestOwner } from '../test/factories.js';
import { addTeammate } from '../test/team.js';
import type { App } from '../types.js';
import { createTicket, multipartBody, storedKeys, type FilePart } from '../test/uploads.js';

const KB = 1024;
const text = (bytes: number, fill = 'a') => ({ content: Buffer.alloc(bytes, fill), filename: 'notes.txt' });

function post(app: App, url: string, headers: Record<string, string>, part: FilePart) {
  const { payload, contentType } = multipartBody([part]);
  return app.inject({ method: 'POST', url, headers: { ...headers, 'content-type': contentType }, payload });
}
const attach = (app: App, who: TestOwner, ticketId: string, part: FilePart) => post(app, `/api/tickets/${ticketId}/attachments`, who.headers, part);
const sendInChat = (app: App, who: TestOwner, conversationId: string, part: FilePart) => post(app, `/api/conversations/${conversationId}/attachments`, who.headers, part);

async function storage(t: TestApp, who: TestOwner) {
  const response = await t.app.inject({ method: 'GET', url: '/api/settings/storage', headers: who.headers });
  expect(response.statusCode).toBe(200);
  return json(response);
}

describeEachEngine('workspace upload rate (WORKSPACE_UPLOAD_RATE_LIMIT)', (t) => {
  it('counts ticket attachments and files in chat of all teammates together; 429 with a clear message; other workspaces unaffected', async () => {
    const owner = await createOwner(t());
    const mate = await addTeammate(t(), owner);
    const ticket = await createTicket(t(), owner);
    const chat = await startChat(t(), owner.siteKey);
    expect((await attach(t().app, owner, ticket.id, text(10))).statusCode).toBe(201);
    expect((await sendInChat(t().app, mate, chat.id, text(10))).statusCode).toBe(201);
    expect((await attach(t().app, mate, ticket.id, text(10))).statusCode).toBe(201);
    for (const refused of [await attach(t().app, owner, ticket.id, text(10)), await sendInChat(t().app, mate, chat.id, text(10))]) {
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(json(refused).error).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/^Too many uploads: a workspace may upload at most 3 files per minute\. Retry in \d+ s\.$/) });
    }
    // A visitor's file is under the visitor limits, not the workspace's.
    const visitor = await post(t().app, `/api/widget/conversations/${chat.id}/attachments`, chat.visitorHeaders, text(10));
    expect(visitor.statusCode).toBe(201);
    const other = await createOwner(t());
    expect((await attach(t().app, other, (await createTicket(t(), other)).id, text(10))).statusCode).toBe(201);
    expect(await storage(t(), owner)).toEqual({ usedBytes: 40, fileCount: 4, quotaBytes: null, uploadsPerMinute: 3 });
  });
}, { WORKSPACE_UPLOAD_RATE_LIMIT: '3' });

describeEachEngine('workspace storage quota (WORKSPACE_STORAGE_QUOTA_MB)', (t) => {
  it('refuses a file that does not fit with 507 and stores nothing; deleting frees room at once; visitor files count', async () => {
    const owner = await createOwner(t());
    const ticket = await createTicket(t(), owner);
    const chat = await startChat(t(), owner.siteKey);
    const first = json(await attach(t().app, owner, ticket.id, text(600 * KB))).attachment;
    expect(await storage(t(), owner)).toEqual({ usedBytes: 600 * KB, fileCount: 1, quotaBytes: 1024 * KB, uploadsPerMinute: 1000 });

    const refused = await attach(t().app, owner, ticket.id, text(500 * KB));
    expect(refused.statusCode).toBe(507);
    expect(json(refused).error).toEqual({
      code: 'storage_quota_exceeded',
      message: "This file (0.5 MB) does not fit in this workspace's file storage (0.6 MB of 1.0 MB used). Delete files you no longer need, or ask the server administrator to raise WORKSPACE_STORAGE_QUOTA_MB.",
      usedBytes: 600 * KB,
      quotaBytes: 1024 * KB,
    });
    expect(await storedKeys(t(), owner.user.id)).toHaveLength(1);
    // The visitor's file is counted too, and refused alike when it does not fit.
    expect((await post(t().app, `/api/widget/conversations/${chat.id}/attachments`, chat.visitorHeaders, text(400 * KB))).statusCode).toBe(201);
    const visitorRefused = await post(t().app, `/api/widget/conversations/${chat.id}/attachments`, chat.visitorHeaders, text(100 * KB));
    expect(visitorRefused.statusCode).toBe(507);
    // The visitor learns nothing about the workspace's usage or the server's settings.
    expect(json(visitorRefused).error).toEqual({ code: 'storage_quota_exceeded', message: 'This file cannot be stored: the file storage of this chat is full. Send a smaller file or describe it in a message.' });
    expect((await sendInChat(t().app, owner, chat.id, text(100 * KB))).statusCode).toBe(507);
    expect((await storage(t(), owner)).usedBytes).toBe(1000 * KB);

    expect((await t().app.inject({ method: 'DELETE', url: first.url, headers: owner.headers })).statusCode).toBe(204);
    expect((await storage(t(), owner)).usedBytes).toBe(400 * KB);
    expect((await attach(t().app, owner, ticket.id, text(500 * KB))).statusCode).toBe(201);
    // Full to the byte, then not one byte more (refused before the body is read).
    expect((await attach(t().app, owner, ticket.id, text(124 * KB))).statusCode).toBe(201);
    const full = await attach(t().app, owner, ticket.id, text(1));
    expect(full.statusCode).toBe(507);
    expect(json(full).error.message).toMatch(/^This workspace's file storage is full \(1\.0 MB of 1\.0 MB used\)\. Delete files/);
    // Another workspace has its own quota.
    const other = await createOwner(t());
    expect((await attach(t().app, other, (await createTicket(t(), other)).id, text(900 * KB))).statusCode).toBe(201);
  });

  it('is exact under concurrency: of 8 parallel 300 KB uploads into 1 MB exactly 3 are kept', async () => {
    const owner = await createOwner(t());
    const ticket = await createTicket(t(), owner);
    const chat = await startChat(t(), owner.siteKey);
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2
      ? attach(t().app, owner, ticket.id, text(300 * KB, String(i)))
      : sendInChat(t().app, owner, chat.id, text(300 * KB, String(i))))));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 201, 201, 507, 507, 507, 507, 507]);
    expect(await storage(t(), owner)).toMatchObject({ usedBytes: 900 * KB, fileCount: 3 });
    const keys: string[] = [];
    for (const prefix of [`tickets/${owner.user.id}/`, `chats/${owner.user.id}/`]) for await (const info of t().app.storage.list(prefix)) keys.push(info.key);
    expect(keys).toHaveLength(3);
  });
}, { WORKSPACE_STORAGE_QUOTA_MB: '1', WORKSPACE_UPLOAD_RATE_LIMIT: '1000' });

/** Two servers on one PostgreSQL database share the rate and the quota. */
describe.skipIf(!testEngines().includes('postgres'))('upload limits across two servers on one PostgreSQL database', () => {
  const env = { WORKSPACE_UPLOAD_RATE_LIMIT: '4', WORKSPACE_STORAGE_QUOTA_MB: '1' };
  let a: TestApp;
  let b: { app: App; close(): Promise<void> };
  beforeAll(async () => {
    a = await createTestApp('postgres', env);
    const config = loadConfig({ DATA_DIR: a.dataDir, DATABASE_URL: (a.config.database as { url: string }).url, PUBLIC_RATE_LIMIT: '100000', ...env });
    const database = openDatabase(config.database);
    const app = await buildApp({ config, database, logger: false });
    await app.ready();
    b = { app, close: async () => { await app.close(); await database.close(); } };
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('allows the documented rate in total, not per server, and keeps one quota', async () => {
    const owner = await createOwner(a);
    const ticket = await createTicket(a, owner);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await attach(i % 2 ? b.app : a.app, owner, ticket.id, text(300 * KB, String(i)))).statusCode);
    // Uploads 1-3 fit (900 KB), the 4th is over quota (507; it still counts toward the rate), 5 and 6 are over the rate.
    expect(statuses).toEqual([201, 201, 201, 507, 429, 429]);
    expect(await storage(a, owner)).toMatchObject({ usedBytes: 900 * KB, fileCount: 3, quotaBytes: 1024 * KB, uploadsPerMinute: 4 });
  });
});
