import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileAttachments } from '../commands/reconcile-attachments.js';
import type { ObjectStore } from '../storage/object-store.js';
import { createTestApp, describeEachEngine, json, testEngines, type TestApp } from '../test/app.js';
import { startChat, type TestConversation } from '../test/chat.js';
import { createOwner, type TestOwner } from '../test/factories.js';
import { sampleExe, sampleImage, samplePdf } from '../test/samples.js';
import { listenOnce, openSocket } from '../test/sockets.js';
import { multipartBody, type FilePart } from '../test/uploads.js';

async function keysUnder(t: TestApp, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const info of t.app.storage.list(prefix)) keys.push(info.key);
  return keys.sort();
}

function visitorUpload(t: TestApp, chat: TestConversation, part: FilePart, headers: Record<string, string> = chat.visitorHeaders) {
  const { payload, contentType } = multipartBody([part]);
  return t.app.inject({ method: 'POST', url: `/api/widget/conversations/${chat.id}/attachments`, headers: { ...headers, 'content-type': contentType }, payload });
}

function ownerUpload(t: TestApp, owner: TestOwner, conversationId: string, part: FilePart) {
  const { payload, contentType } = multipartBody([part]);
  return t.app.inject({ method: 'POST', url: `/api/conversations/${conversationId}/attachments`, headers: { ...owner.headers, 'content-type': contentType }, payload });
}

describeEachEngine('files in chat', (t) => {
  let base = '';
  beforeAll(async () => {
    base = await listenOnce(t().app);
  });

  it('takes a PNG from the visitor: a message carrying it, a thumbnail, owner and visitor downloads', async () => {
    const owner = await createOwner(t());
    const chat = await startChat(t(), owner.siteKey);
    const dashboard = await openSocket(`${base}/api/ws`, { cookie: owner.cookie });
    const png = await sampleImage('png', 640, 480);
    const sent = await visitorUpload(t(), chat, { content: png, filename: 'screen shot.png', contentType: 'image/png' });
    expect(sent.statusCode, sent.body).toBe(201);
    const message = json(sent).message;
    const fileUrl = `/api/widget/conversations/${chat.id}/attachments/${message.attachments[0].id}`;
    expect(message).toEqual({
      id: expect.any(String), conversationId: chat.id, author: 'visitor', authorName: null, body: '', createdAt: expect.any(String),
      attachments: [{ id: expect.any(String), filename: 'screen shot.png', contentType: 'image/png', size: png.length, createdAt: expect.any(String), url: fileUrl, thumbnailUrl: `${fileUrl}/thumbnail` }],
    });
    expect(sent.body).not.toContain(chat.visitorToken);

    const frame = await dashboard.next();
    expect(frame.type).toBe('message.created');
    const ownerUrl = `/api/conversations/${chat.id}/attachments/${message.attachments[0].id}`;
    expect(frame.data.message.attachments[0]).toMatchObject({ url: ownerUrl, thumbnailUrl: `${ownerUrl}/thumbnail` });
    expect(frame.data.conversation.lastMessage).toMatchObject({ author: 'visitor', body: '📎 screen shot.png' });
    const detail = json(await t().app.inject({ method: 'GET', url: `/api/conversations/${chat.id}`, headers: owner.headers }));
    expect(detail.messages[1].attachments).toEqual([frame.data.message.attachments[0]]);
    expect(detail.conversation.unreadCount).toBe(2);

    const original = await t().app.inject({ method: 'GET', url: ownerUrl, headers: owner.headers });
    expect(original.statusCode).toBe(200);
    expect(original.headers).toMatchObject({ 'content-type': 'image/png', 'x-content-type-options': 'nosniff', 'cross-origin-resource-policy': 'same-origin' });
    expect(original.rawPayload.equals(png)).toBe(true);
    const thumbnail = await t().app.inject({ method: 'GET', url: `${ownerUrl}/thumbnail`, headers: owner.headers });
    expect(thumbnail.headers['content-type']).toBe('image/webp');

    const visitorCopy = await t().app.inject({ method: 'GET', url: `${fileUrl}?token=${encodeURIComponent(chat.visitorToken)}` });
    expect(visitorCopy.statusCode).toBe(200);
    expect(visitorCopy.rawPayload.equals(png)).toBe(true);
    // The widget shows it on the customer's site: embeddable cross-origin, and the token-bearing URL is not passed on.
    expect(visitorCopy.headers).toMatchObject({ 'cross-origin-resource-policy': 'cross-origin', 'referrer-policy': 'no-referrer', 'content-security-policy': "default-src 'none'; sandbox" });
    expect((await t().app.inject({ method: 'GET', url: `${fileUrl}/thumbnail?token=${encodeURIComponent(chat.visitorToken)}` })).headers['content-type']).toBe('image/webp');
    expect(await keysUnder(t(), `chats/${owner.user.id}/`)).toHaveLength(2);
    dashboard.close();
  });

  it("sends the agent's PDF to the visitor (live and in the history), named by the teammate", async () => {
    const owner = await createOwner(t(), { name: 'Olga' });
    const chat = await startChat(t(), owner.siteKey);
    const widget = await openSocket(`${base}/api/widget/conversations/${chat.id}/ws?token=${encodeURIComponent(chat.visitorToken)}`);
    const sent = await ownerUpload(t(), owner, chat.id, { content: samplePdf('invoice'), filename: 'invoice.pdf' });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(json(sent).message).toMatchObject({ author: 'owner', authorUser: { id: owner.user.id, name: 'Olga' }, body: '', attachments: [{ filename: 'invoice.pdf', contentType: 'application/pdf', thumbnailUrl: null }] });
    const frame = await widget.next();
    expect(frame.data.message).toMatchObject({ author: 'owner', authorName: 'Olga', attachments: [{ filename: 'invoice.pdf', url: expect.stringMatching(/^\/api\/widget\/conversations\//) }] });
    const history = json(await t().app.inject({ method: 'GET', url: `/api/widget/conversations/${chat.id}/messages`, headers: chat.visitorHeaders }));
    const file = history.items[1].attachments[0];
    const download = await t().app.inject({ method: 'GET', url: `${file.url}?token=${encodeURIComponent(chat.visitorToken)}` });
    expect(download.headers['content-type']).toBe('application/pdf');
    expect((await t().app.inject({ method: 'GET', url: `${file.url}/thumbnail?token=${encodeURIComponent(chat.visitorToken)}` })).statusCode).toBe(404);
    widget.close();
  });

  it('refuses an oversized or disallowed file, a wrong token and a foreign conversation, storing nothing', async () => {
    const owner = await createOwner(t());
    const stranger = await createOwner(t());
    const chat = await startChat(t(), owner.siteKey);
    const other = await startChat(t(), owner.siteKey);
    const foreign = await startChat(t(), stranger.siteKey);
    const png = await sampleImage('png');

    const tooBig = await visitorUpload(t(), chat, { content: Buffer.alloc(5 * 1024 * 1024 + 1, 'a'), filename: 'big.txt' });
    expect(tooBig.statusCode).toBe(413);
    const exe = await visitorUpload(t(), chat, { content: sampleExe(), filename: 'invoice.pdf' });
    expect(exe.statusCode).toBe(415);
    expect((await ownerUpload(t(), owner, chat.id, { content: sampleExe(), filename: 'x.pdf' })).statusCode).toBe(415);
    expect((await visitorUpload(t(), chat, { content: png, filename: 'a.png' }, other.visitorHeaders)).statusCode).toBe(404);
    expect((await visitorUpload(t(), chat, { content: png, filename: 'a.png' }, {})).statusCode).toBe(404);
    expect((await ownerUpload(t(), owner, foreign.id, { content: png, filename: 'a.png' })).statusCode).toBe(404);
    expect((await ownerUpload(t(), owner, 'missing', { content: png, filename: 'a.png' })).statusCode).toBe(404);
    const notMultipart = await t().app.inject({ method: 'POST', url: `/api/widget/conversations/${chat.id}/attachments`, headers: chat.visitorHeaders, payload: { file: 'x' } });
    expect(notMultipart.statusCode).toBe(415);

    const rows = await t().app.db.selectFrom('chat_attachments').selectAll().where('owner_id', 'in', [owner.user.id, stranger.user.id]).execute();
    expect(rows).toEqual([]);
    const messages = await t().app.db.selectFrom('messages').select('id').where('conversation_id', 'in', [chat.id, other.id, foreign.id]).execute();
    expect(messages).toHaveLength(3);
    expect(await keysUnder(t(), `chats/${owner.user.id}/`)).toEqual([]);
    expect(await keysUnder(t(), `chats/${stranger.user.id}/`)).toEqual([]);
  });

  it("never serves a file to another conversation's token or another workspace", async () => {
    const owner = await createOwner(t());
    const stranger = await createOwner(t());
    const chat = await startChat(t(), owner.siteKey);
    const other = await startChat(t(), owner.siteKey);
    const sent = json(await visitorUpload(t(), chat, { content: samplePdf(), filename: 'a.pdf' })).message;
    const id = sent.attachments[0].id;
    const visitorUrl = (conversationId: string, token: string) => `/api/widget/conversations/${conversationId}/attachments/${id}?token=${encodeURIComponent(token)}`;
    expect((await t().app.inject({ method: 'GET', url: visitorUrl(chat.id, other.visitorToken) })).statusCode).toBe(404);
    expect((await t().app.inject({ method: 'GET', url: visitorUrl(other.id, other.visitorToken) })).statusCode).toBe(404);
    expect((await t().app.inject({ method: 'GET', url: `/api/widget/conversations/${chat.id}/attachments/${id}` })).statusCode).toBe(404);
    expect((await t().app.inject({ method: 'GET', url: `/api/conversations/${chat.id}/attachments/${id}`, headers: stranger.headers })).statusCode).toBe(404);
    expect((await t().app.inject({ method: 'GET', url: `/api/conversations/${other.id}/attachments/${id}`, headers: owner.headers })).statusCode).toBe(404);
  });

  it("deletes a conversation's files with it; reconcile knows the chats/ prefix", async () => {
    const owner = await createOwner(t());
    const chat = await startChat(t(), owner.siteKey);
    const kept = await startChat(t(), owner.siteKey);
    await visitorUpload(t(), chat, { content: await sampleImage('png'), filename: 'a.png' });
    await ownerUpload(t(), owner, chat.id, { content: samplePdf(), filename: 'b.pdf' });
    await visitorUpload(t(), kept, { content: samplePdf(), filename: 'kept.pdf' });
    expect(await keysUnder(t(), `chats/${owner.user.id}/`)).toHaveLength(4);

    const later = Date.now() + 2 * 60 * 60 * 1000;
    const before = await reconcileAttachments(t().app.db, t().engine, t().app.storage, { fix: false, now: later });
    expect(before.orphanObjects.filter((key) => key.startsWith('chats/'))).toEqual([]);
    expect(before.rowsWithoutObject).toEqual([]);

    expect((await t().app.inject({ method: 'DELETE', url: `/api/conversations/${chat.id}`, headers: owner.headers })).statusCode).toBe(204);
    const left = await keysUnder(t(), `chats/${owner.user.id}/`);
    expect(left).toHaveLength(1);
    expect(await t().app.db.selectFrom('chat_attachments').select('object_key').where('conversation_id', '=', chat.id).execute()).toEqual([]);

    // A chat object no row names is an orphan to reconcile.
    await t().app.storage.put(`chats/${owner.user.id}/1-orphan.txt`, [Buffer.from('left behind')], { contentType: 'text/plain' });
    const after = await reconcileAttachments(t().app.db, t().engine, t().app.storage, { fix: false, now: later });
    expect(after.orphanObjects).toContain(`chats/${owner.user.id}/1-orphan.txt`);
    expect(after.orphanObjects).not.toContain(left[0]);
  });

  it('copies the files into a ticket made from the conversation; they outlive the conversation', async () => {
    const owner = await createOwner(t());
    const chat = await startChat(t(), owner.siteKey, 'see attached', { visitor: { name: 'Pia' } });
    const png = await sampleImage('png');
    await visitorUpload(t(), chat, { content: png, filename: 'error.png' });
    await ownerUpload(t(), owner, chat.id, { content: samplePdf(), filename: 'steps.pdf' });
    const created = await t().app.inject({ method: 'POST', url: '/api/tickets', headers: owner.headers, payload: { conversationId: chat.id } });
    expect(created.statusCode).toBe(201);
    const ticket = json(created).ticket;
    expect(ticket.attachments.map((a: { filename: string }) => a.filename)).toEqual(['error.png', 'steps.pdf']);
    expect(ticket.attachments[0].thumbnailUrl).toEqual(expect.stringMatching(/\/thumbnail$/));
    expect((await keysUnder(t(), `tickets/${owner.user.id}/`))).toHaveLength(3);

    expect((await t().app.inject({ method: 'DELETE', url: `/api/conversations/${chat.id}`, headers: owner.headers })).statusCode).toBe(204);
    expect(await keysUnder(t(), `chats/${owner.user.id}/`)).toEqual([]);
    const download = await t().app.inject({ method: 'GET', url: ticket.attachments[0].url, headers: owner.headers });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(png)).toBe(true);
  });
});

/** Passes every call through, and runs `afterPut` once an object under `tickets/` has been stored. */
function withHookAfterTicketPut(store: ObjectStore, afterPut: { run?: () => Promise<void> }): ObjectStore {
  return {
    driver: store.driver,
    async put(key, body, options) {
      const result = await store.put(key, body, options);
      if (key.startsWith('tickets/') && afterPut.run) await afterPut.run();
      return result;
    },
    get: (key) => store.get(key),
    head: (key) => store.head(key),
    delete: (key) => store.delete(key),
    list: (prefix) => store.list(prefix),
    check: () => store.check(),
  };
}

describe.each(testEngines())('chat files copied to a ticket, failure [%s]', (engine) => {
  const hook: { run?: () => Promise<void> } = {};
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine, {}, { wrapStorage: (store) => withHookAfterTicketPut(store, hook) });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('removes the copies again when the ticket cannot be created (the conversation was deleted meanwhile)', async () => {
    const owner = await createOwner(t);
    const chat = await startChat(t, owner.siteKey);
    const { payload, contentType } = multipartBody([{ content: samplePdf(), filename: 'a.pdf' }]);
    const sent = await t.app.inject({ method: 'POST', url: `/api/widget/conversations/${chat.id}/attachments`, headers: { ...chat.visitorHeaders, 'content-type': contentType }, payload });
    expect(sent.statusCode).toBe(201);
    hook.run = async () => {
      hook.run = undefined;
      await t.app.db.deleteFrom('conversations').where('id', '=', chat.id).execute();
    };
    const created = await t.app.inject({ method: 'POST', url: '/api/tickets', headers: owner.headers, payload: { conversationId: chat.id } });
    expect(created.statusCode).toBe(404);
    expect(await keysUnder(t, `tickets/${owner.user.id}/`)).toEqual([]);
    expect(await t.app.db.selectFrom('tickets').select('id').where('owner_id', '=', owner.user.id).execute()).toEqual([]);
  });
});

describe.each(testEngines())('visitor upload rate limits [%s]', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine, { VISITOR_UPLOAD_RATE_LIMIT: '3', VISITOR_UPLOAD_CONVERSATION_RATE_LIMIT: '2' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('limits uploads per conversation and per IP address (429), storing nothing for refused ones', async () => {
    const owner = await createOwner(t);
    const chat = await startChat(t, owner.siteKey);
    const other = await startChat(t, owner.siteKey);
    const file = { content: samplePdf(), filename: 'a.pdf' };
    expect((await visitorUpload(t, chat, file)).statusCode).toBe(201);
    expect((await visitorUpload(t, chat, file)).statusCode).toBe(201);
    const perConversation = await visitorUpload(t, chat, file);
    expect(perConversation.statusCode).toBe(429);
    expect(json(perConversation).error.code).toBe('rate_limited');
    expect(Number(perConversation.headers['retry-after'])).toBeGreaterThan(0);
    // Another conversation from the same address: its own conversation budget, but the address's is nearly spent.
    expect((await visitorUpload(t, other, file)).statusCode).toBe(201);
    expect((await visitorUpload(t, other, file)).statusCode).toBe(429);
    // A different address still has its budget for a fresh conversation.
    const third = await startChat(t, owner.siteKey);
    const { payload, contentType } = multipartBody([file]);
    const elsewhere = await t.app.inject({
      method: 'POST', url: `/api/widget/conversations/${third.id}/attachments`, remoteAddress: '203.0.113.9',
      headers: { ...third.visitorHeaders, 'content-type': contentType }, payload,
    });
    expect(elsewhere.statusCode).toBe(201);
    expect(await t.app.db.selectFrom('chat_attachments').select('id').where('owner_id', '=', owner.user.id).execute()).toHaveLength(4);
    expect(await keysUnder(t, `chats/${owner.user.id}/`)).toHaveLength(4);
  });
});
