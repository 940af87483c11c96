import { expect, it } from 'vitest';
import { createTestApp, describeEachEngine, json } from '../test/app.js';
import { startChat } from '../test/chat.js';
import { createOwner } from '../test/factories.js';

describeEachEngine('widget chat (visitor side)', (t) => {
  it('starts a conversation with a first message, then sends and reads messages with its token', async () => {
    const owner = await createOwner(t());
    const started = await t().app.inject({
      method: 'POST',
      url: `/api/widget/${owner.siteKey}/conversations`,
      payload: { visitor: { name: 'Vera', email: 'vera@example.org' }, pageUrl: 'https://shop.example/pricing?plan=pro', message: { body: 'Do you ship to Norway?' } },
    });
    expect(started.statusCode).toBe(201);
    expect(started.headers['access-control-allow-origin']).toBe('*');
    const answer = json(started);
    expect(answer).toEqual({
      conversation: { id: expect.any(String) },
      visitorToken: expect.stringMatching(/^vt_/),
      message: { id: expect.any(String), conversationId: answer.conversation.id, author: 'visitor', authorName: null, body: 'Do you ship to Norway?', attachments: [], createdAt: expect.any(String) },
    });
    const headers = { 'x-visitor-token': answer.visitorToken };

    const second = await t().app.inject({ method: 'POST', url: `/api/widget/conversations/${answer.conversation.id}/messages`, headers, payload: { body: 'And to Iceland? <b>not bold</b>' } });
    expect(second.statusCode).toBe(201);
    expect(json(second).message).toMatchObject({ author: 'visitor', body: 'And to Iceland? <b>not bold</b>' });

    const history = await t().app.inject({ method: 'GET', url: `/api/widget/conversations/${answer.conversation.id}/messages`, headers });
    expect(history.statusCode).toBe(200);
    expect(json(history).items.map((m: { body: string }) => m.body)).toEqual(['Do you ship to Norway?', 'And to Iceland? <b>not bold</b>']);
    expect(Object.keys(json(history).items[0]).sort()).toEqual(['attachments', 'author', 'authorName', 'body', 'conversationId', 'createdAt', 'id']);

    const inbox = json(await t().app.inject({ method: 'GET', url: '/api/conversations', headers: owner.headers }));
    expect(inbox.items[0]).toMatchObject({
      id: answer.conversation.id,
      visitor: { name: 'Vera', email: 'vera@example.org' },
      pageUrl: 'https://shop.example/pricing?plan=pro',
      lastMessage: { author: 'visitor', body: 'And to Iceland? <b>not bold</b>' },
    });
  });

  it('stores only the hash of the visitor token', async () => {
    const owner = await createOwner(t());
    const chat = await startChat(t(), owner.siteKey);
    const row = await t().app.db.selectFrom('conversations').selectAll().where('id', '=', chat.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(chat.visitorToken);
  });

  it('answers a wrong, missing or other conversation’s token exactly like an unknown conversation (404)', async () => {
    const owner = await createOwner(t());
    const mine = await startChat(t(), owner.siteKey, 'mine');
    const other = await startChat(t(), owner.siteKey, 'other');
    const url = (id: string) => `/api/widget/conversations/${id}/messages`;
    const unknown = await t().app.inject({ method: 'GET', url: url('no-such-conversation'), headers: mine.visitorHeaders });
    expect(unknown.statusCode).toBe(404);
    const attempts = [
      await t().app.inject({ method: 'GET', url: url(other.id), headers: mine.visitorHeaders }),
      await t().app.inject({ method: 'GET', url: url(other.id) }),
      await t().app.inject({ method: 'GET', url: url(other.id), headers: { 'x-visitor-token': 'vt_forged' } }),
      await t().app.inject({ method: 'POST', url: url(other.id), headers: mine.visitorHeaders, payload: { body: 'sneaky' } }),
      await t().app.inject({ method: 'POST', url: url(other.id), payload: { body: 'sneaky' } }),
    ];
    for (const attempt of attempts) {
      expect(attempt.statusCode).toBe(404);
      expect(attempt.body).toBe(unknown.body);
    }
    const otherHistory = json(await t().app.inject({ method: 'GET', url: url(other.id), headers: other.visitorHeaders }));
    expect(otherHistory.items.map((m: { body: string }) => m.body)).toEqual(['other']);
  });

  it('answers an unknown site key with 404', async () => {
    const response = await t().app.inject({ method: 'POST', url: '/api/widget/site_nope/conversations', payload: { message: { body: 'hi' } } });
    expect(response.statusCode).toBe(404);
    expect(json(response).error.code).toBe('not_found');
  });

  it('refuses empty, whitespace-only, too long and NUL-containing bodies with 422 and writes nothing', async () => {
    const owner = await createOwner(t());
    const chat = await startChat(t(), owner.siteKey);
    const post = (body: unknown) => t().app.inject({ method: 'POST', url: `/api/widget/conversations/${chat.id}/messages`, headers: chat.visitorHeaders, payload: { body } });
    for (const body of ['', '   \n\t ', 'x'.repeat(10_001), 'a\u0000b']) {
      const response = await post(body);
      expect(response.statusCode).toBe(422);
      expect(json(response).error.code).toBe('validation_failed');
    }
    expect((await post('x'.repeat(10_000))).statusCode).toBe(201);
    // An emoji is one character, as the schema counts: 10,000 of them are accepted.
    expect((await post('🙂'.repeat(10_000))).statusCode).toBe(201);

    const start = (payload: Record<string, unknown>) => t().app.inject({ method: 'POST', url: `/api/widget/${owner.siteKey}/conversations`, payload });
    expect((await start({ message: { body: ' ' } })).statusCode).toBe(422);
    expect((await start({ message: { body: 'x'.repeat(10_001) } })).statusCode).toBe(422);
    expect((await start({})).statusCode).toBe(422);
    expect((await start({ message: { body: 'hi' }, visitor: { name: 'n'.repeat(101) } })).statusCode).toBe(422);
    expect((await start({ message: { body: 'hi' }, visitor: { email: 'not an email' } })).statusCode).toBe(422);
    expect((await start({ message: { body: 'hi' }, visitor: { name: 'a\u0000b' } })).statusCode).toBe(422);
    expect((await start({ message: { body: 'hi' }, pageUrl: 'javascript:alert(1)' })).statusCode).toBe(422);
    expect((await start({ message: { body: 'hi' }, pageUrl: 'ftp://example.com/file' })).statusCode).toBe(422);
    expect((await start({ message: { body: 'hi' }, pageUrl: `https://example.com/${'p'.repeat(2000)}` })).statusCode).toBe(422);
    expect((await start({ message: { body: 'hi' }, visitor: { name: 'n'.repeat(100) }, pageUrl: 'HTTP://example.com/' })).statusCode).toBe(201);

    const history = json(await t().app.inject({ method: 'GET', url: `/api/widget/conversations/${chat.id}/messages`, headers: chat.visitorHeaders }));
    expect(history.items).toHaveLength(3);
    const inbox = json(await t().app.inject({ method: 'GET', url: '/api/conversations', headers: owner.headers }));
    expect(inbox.items).toHaveLength(2);
  });

  it('records the country of a public address and nothing for a private one', async () => {
    const owner = await createOwner(t());
    const fromGb = await t().app.inject({ method: 'POST', url: `/api/widget/${owner.siteKey}/conversations`, remoteAddress: '81.2.69.160', payload: { message: { body: 'hi from London' } } });
    const local = await t().app.inject({ method: 'POST', url: `/api/widget/${owner.siteKey}/conversations`, payload: { message: { body: 'hi from localhost' } } });
    // Without TRUST_PROXY a forged X-Forwarded-For is ignored.
    const forged = await t().app.inject({ method: 'POST', url: `/api/widget/${owner.siteKey}/conversations`, headers: { 'x-forwarded-for': '81.2.69.160' }, payload: { message: { body: 'forged' } } });
    const countries = await countriesById(owner.headers);
    expect(countries[json(fromGb).conversation.id]).toBe('GB');
    expect(countries[json(local).conversation.id]).toBeNull();
    expect(countries[json(forged).conversation.id]).toBeNull();
  });

  async function countriesById(headers: Record<string, string>): Promise<Record<string, string | null>> {
    const inbox = json(await t().app.inject({ method: 'GET', url: '/api/conversations', headers }));
    return Object.fromEntries(inbox.items.map((c: { id: string; country: string | null }) => [c.id, c.country]));
  }

  it('takes the address from X-Forwarded-For behind a trusted proxy, and the country from COUNTRY_HEADER when set', async () => {
    const proxied = await createTestApp(t().engine, { TRUST_PROXY: 'true', COUNTRY_HEADER: 'CF-IPCountry' });
    try {
      const owner = await createOwner(proxied);
      const start = (headers: Record<string, string>) =>
        proxied.app.inject({ method: 'POST', url: `/api/widget/${owner.siteKey}/conversations`, headers, payload: { message: { body: 'hi' } } });
      const viaXff = json(await start({ 'x-forwarded-for': '81.2.69.160' })).conversation.id;
      const viaHeader = json(await start({ 'x-forwarded-for': '81.2.69.160', 'cf-ipcountry': 'de' })).conversation.id;
      const unknownHeader = json(await start({ 'x-forwarded-for': '81.2.69.160', 'cf-ipcountry': 'XX' })).conversation.id;
      const inbox = json(await proxied.app.inject({ method: 'GET', url: '/api/conversations', headers: owner.headers }));
      const countries = Object.fromEntries(inbox.items.map((c: { id: string; country: string | null }) => [c.id, c.country]));
      expect(countries[viaXff]).toBe('GB');
      expect(countries[viaHeader]).toBe('DE');
      expect(countries[unknownHeader]).toBe('GB');
    } finally {
      await proxied.close();
    }
  });

  it('answers a CORS preflight for the widget', async () => {
    const response = await t().app.inject({ method: 'OPTIONS', url: '/api/widget/conversations/abc/messages', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' } });
    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-headers']).toContain('x-visitor-token');
  });
});

describeEachEngine('widget chat rate limit', (t) => {
  it('answers 429 with Retry-After once one address exceeds PUBLIC_RATE_LIMIT', async () => {
    const owner = await createOwner(t());
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 4; i++) {
      last = await t().app.inject({ method: 'POST', url: `/api/widget/${owner.siteKey}/conversations`, remoteAddress: '203.0.113.9', payload: { message: { body: `hi ${i}` } } });
      statuses.push(last.statusCode);
    }
    expect(statuses).toEqual([201, 201, 201, 429]);
    expect(json(last!).error.code).toBe('rate_limited');
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not affected.
    const other = await t().app.inject({ method: 'POST', url: `/api/widget/${owner.siteKey}/conversations`, remoteAddress: '203.0.113.10', payload: { message: { body: 'hi' } } });
    expect(other.statusCode).toBe(201);
  });
}, { PUBLIC_RATE_LIMIT: '3' });
