import { expect, it } from 'vitest';
import { describeEachEngine, json } from '../test/app.js';
import { startChat } from '../test/chat.js';
import { createOwner } from '../test/factories.js';

describeEachEngine('conversations (owner side)', (t) => {
  it('lists conversations by last activity, across pages with a cursor', async () => {
    const owner = await createOwner(t());
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await startChat(t(), owner.siteKey, `visitor ${i}`)).id);

    const seen: { id: string; updatedAt: string }[] = [];
    const pageSizes: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${encodeURIComponent(cursor)}` : '?limit=2';
      const response = await t().app.inject({ method: 'GET', url: `/api/conversations${query}`, headers: owner.headers });
      expect(response.statusCode).toBe(200);
      const page = json(response);
      pageSizes.push(page.items.length);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(pageSizes).toEqual([2, 2, 1]);
    expect(seen.map((c) => c.id).sort()).toEqual([...ids].sort());
    const sorted = [...seen].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || (b.id < a.id ? -1 : 1));
    expect(seen.map((c) => c.id)).toEqual(sorted.map((c) => c.id));

    // A reply is activity: the oldest conversation moves to the top.
    const oldest = ids[0]!;
    await t().app.inject({ method: 'POST', url: `/api/conversations/${oldest}/messages`, headers: owner.headers, payload: { body: 'On it!' } });
    const first = json(await t().app.inject({ method: 'GET', url: '/api/conversations?limit=1', headers: owner.headers }));
    expect(first.items[0]).toMatchObject({ id: oldest, lastMessage: { author: 'owner', body: 'On it!' } });
    expect(first.nextCursor).toEqual(expect.any(String));
  });

  it('answers a malformed cursor and an out-of-range limit with 422', async () => {
    const owner = await createOwner(t());
    for (const query of ['?cursor=not-a-cursor', `?cursor=${Buffer.from('{"a":1}').toString('base64url')}`, '?limit=0', '?limit=201']) {
      const response = await t().app.inject({ method: 'GET', url: `/api/conversations${query}`, headers: owner.headers });
      expect(response.statusCode).toBe(422);
    }
  });

  it('opens a conversation with its messages and tickets; the owner replies and the visitor reads the reply', async () => {
    const owner = await createOwner(t());
    const chat = await startChat(t(), owner.siteKey, 'My order is late', { visitor: { name: 'Omar' }, pageUrl: 'https://shop.example/orders' });
    const reply = await t().app.inject({ method: 'POST', url: `/api/conversations/${chat.id}/messages`, headers: owner.headers, payload: { body: 'Sorry! Checking now.' } });
    expect(reply.statusCode).toBe(201);
    expect(json(reply).message).toEqual({
      id: expect.any(String), conversationId: chat.id, author: 'owner', authorUser: { id: owner.user.id, name: owner.user.name }, body: 'Sorry! Checking now.', attachments: [], createdAt: expect.any(String),
    });

    const opened = await t().app.inject({ method: 'GET', url: `/api/conversations/${chat.id}`, headers: owner.headers });
    expect(opened.statusCode).toBe(200);
    const detail = json(opened);
    expect(detail.conversation).toMatchObject({ id: chat.id, visitor: { name: 'Omar', email: null }, pageUrl: 'https://shop.example/orders', country: null });
    expect(detail.messages.map((m: { author: string; body: string }) => [m.author, m.body])).toEqual([
      ['visitor', 'My order is late'],
      ['owner', 'Sorry! Checking now.'],
    ]);
    expect(detail.tickets).toEqual([]);

    const visitorView = json(await t().app.inject({ method: 'GET', url: `/api/widget/conversations/${chat.id}/messages`, headers: chat.visitorHeaders }));
    expect(visitorView.items.map((m: { author: string; body: string }) => [m.author, m.body])).toEqual([
      ['visitor', 'My order is late'],
      ['owner', 'Sorry! Checking now.'],
    ]);
  });

  it('keeps messages in the order they were written, even within one millisecond', async () => {
    const owner = await createOwner(t());
    const chat = await startChat(t(), owner.siteKey, 'm0');
    for (let i = 1; i <= 20; i++) {
      const url = `/api/${i % 2 ? 'conversations' : 'widget/conversations'}/${chat.id}/messages`;
      const headers = i % 2 ? owner.headers : chat.visitorHeaders;
      expect((await t().app.inject({ method: 'POST', url, headers, payload: { body: `m${i}` } })).statusCode).toBe(201);
    }
    const detail = json(await t().app.inject({ method: 'GET', url: `/api/conversations/${chat.id}`, headers: owner.headers }));
    expect(detail.messages.map((m: { body: string }) => m.body)).toEqual(Array.from({ length: 21 }, (_, i) => `m${i}`));
    const times = detail.messages.map((m: { createdAt: string }) => Date.parse(m.createdAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times).size).toBe(times.length);
    expect(detail.conversation.updatedAt).toBe(detail.messages[20].createdAt);
  });

  it('previews a long last message in the inbox but keeps the full text in the conversation', async () => {
    const owner = await createOwner(t());
    const long = `${'word '.repeat(2000)}`.slice(0, 10_000);
    const chat = await startChat(t(), owner.siteKey, long);
    const inbox = json(await t().app.inject({ method: 'GET', url: '/api/conversations', headers: owner.headers }));
    expect(inbox.items[0].lastMessage.body.length).toBeLessThanOrEqual(300);
    expect(long.startsWith(inbox.items[0].lastMessage.body.slice(0, -1))).toBe(true);
    const detail = json(await t().app.inject({ method: 'GET', url: `/api/conversations/${chat.id}`, headers: owner.headers }));
    expect(detail.messages[0].body).toBe(long);
  });

  it('refuses an empty or too long reply with 422', async () => {
    const owner = await createOwner(t());
    const chat = await startChat(t(), owner.siteKey);
    for (const body of ['', ' \n ', 'y'.repeat(10_001)]) {
      const response = await t().app.inject({ method: 'POST', url: `/api/conversations/${chat.id}/messages`, headers: owner.headers, payload: { body } });
      expect(response.statusCode).toBe(422);
    }
    const detail = json(await t().app.inject({ method: 'GET', url: `/api/conversations/${chat.id}`, headers: owner.headers }));
    expect(detail.messages).toHaveLength(1);
  });

  it('never shows one owner’s conversations to another (404, same as missing)', async () => {
    const first = await createOwner(t());
    const second = await createOwner(t());
    const chat = await startChat(t(), first.siteKey, 'private');
    expect(json(await t().app.inject({ method: 'GET', url: '/api/conversations', headers: second.headers })).items).toEqual([]);

    const missing = await t().app.inject({ method: 'GET', url: '/api/conversations/no-such-id', headers: second.headers });
    expect(missing.statusCode).toBe(404);
    const requests = [
      { method: 'GET' as const, url: `/api/conversations/${chat.id}` },
      { method: 'POST' as const, url: `/api/conversations/${chat.id}/messages`, payload: { body: 'hijack' } },
      { method: 'DELETE' as const, url: `/api/conversations/${chat.id}` },
    ];
    for (const request of requests) {
      const response = await t().app.inject({ ...request, headers: second.headers });
      expect(response.statusCode).toBe(404);
      expect(response.body).toBe(missing.body.replace('no-such-id', chat.id));
    }
    const detail = json(await t().app.inject({ method: 'GET', url: `/api/conversations/${chat.id}`, headers: first.headers }));
    expect(detail.messages.map((m: { body: string }) => m.body)).toEqual(['private']);
  });

  it('requires sign-in, and the CSRF origin check for cookie mutations; accepts an API token', async () => {
    const owner = await createOwner(t());
    const chat = await startChat(t(), owner.siteKey);
    expect((await t().app.inject({ method: 'GET', url: '/api/conversations' })).statusCode).toBe(401);
    const csrf = await t().app.inject({ method: 'POST', url: `/api/conversations/${chat.id}/messages`, headers: { cookie: owner.cookie, origin: 'https://evil.example' }, payload: { body: 'x' } });
    expect(csrf.statusCode).toBe(403);
    const token = json(await t().app.inject({ method: 'POST', url: '/api/tokens', headers: owner.headers, payload: { name: 'bot' } })).token;
    const viaToken = await t().app.inject({ method: 'POST', url: `/api/conversations/${chat.id}/messages`, headers: { authorization: `Bearer ${token}` }, payload: { body: 'from the bot' } });
    expect(viaToken.statusCode).toBe(201);
  });

  it('deletes a conversation with its messages; its visitor token stops working', async () => {
    const owner = await createOwner(t());
    const chat = await startChat(t(), owner.siteKey, 'delete me');
    const kept = await startChat(t(), owner.siteKey, 'keep me');
    await t().app.inject({ method: 'POST', url: `/api/conversations/${chat.id}/messages`, headers: owner.headers, payload: { body: 'bye' } });

    const deleted = await t().app.inject({ method: 'DELETE', url: `/api/conversations/${chat.id}`, headers: owner.headers });
    expect(deleted.statusCode).toBe(204);
    const left = await t().app.db.selectFrom('messages').select('body').where('conversation_id', '=', chat.id).execute();
    expect(left).toEqual([]);
    expect((await t().app.inject({ method: 'GET', url: `/api/conversations/${chat.id}`, headers: owner.headers })).statusCode).toBe(404);
    expect((await t().app.inject({ method: 'DELETE', url: `/api/conversations/${chat.id}`, headers: owner.headers })).statusCode).toBe(404);
    expect((await t().app.inject({ method: 'GET', url: `/api/widget/conversations/${chat.id}/messages`, headers: chat.visitorHeaders })).statusCode).toBe(404);
    expect((await t().app.inject({ method: 'POST', url: `/api/widget/conversations/${chat.id}/messages`, headers: chat.visitorHeaders, payload: { body: 'hello?' } })).statusCode).toBe(404);

    const inbox = json(await t().app.inject({ method: 'GET', url: '/api/conversations', headers: owner.headers }));
    expect(inbox.items.map((c: { id: string }) => c.id)).toEqual([kept.id]);
  });

  it('lists the tickets made from a conversation; deleting the conversation leaves them in place', async () => {
    const owner = await createOwner(t());
    const chat = await startChat(t(), owner.siteKey, 'The checkout page crashes');
    const other = await startChat(t(), owner.siteKey, 'unrelated');
    const created = await t().app.inject({ method: 'POST', url: '/api/tickets', headers: owner.headers, payload: { conversationId: chat.id, title: 'Checkout crash' } });
    expect(created.statusCode).toBe(201);
    const ticket = json(created).ticket;
    await t().app.inject({ method: 'POST', url: '/api/tickets', headers: owner.headers, payload: { conversationId: other.id } });

    const detail = json(await t().app.inject({ method: 'GET', url: `/api/conversations/${chat.id}`, headers: owner.headers }));
    expect(detail.tickets).toEqual([{ id: ticket.id, number: ticket.number, title: 'Checkout crash', status: 'new' }]);

    expect((await t().app.inject({ method: 'DELETE', url: `/api/conversations/${chat.id}`, headers: owner.headers })).statusCode).toBe(204);
    const after = await t().app.inject({ method: 'GET', url: `/api/tickets/${ticket.id}`, headers: owner.headers });
    expect(after.statusCode).toBe(200);
    expect(json(after).ticket).toMatchObject({ id: ticket.id, conversationId: chat.id, source: { type: 'conversation', id: chat.id, available: false } });
  });

  it('documents the chat endpoints in the OpenAPI description', async () => {
    const spec = json(await t().app.inject({ method: 'GET', url: '/api/openapi.json' }));
    for (const path of ['/api/conversations', '/api/conversations/{id}', '/api/conversations/{id}/messages', '/api/widget/{siteKey}/conversations', '/api/widget/conversations/{id}/messages', '/api/ws', '/api/widget/conversations/{id}/ws']) {
      expect(Object.keys(spec.paths)).toContain(path);
    }
  });
});
