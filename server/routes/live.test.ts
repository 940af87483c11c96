import { beforeAll, expect, it, vi } from 'vitest';
import { describeEachEngine, json } from '../test/app.js';
import { startChat } from '../test/chat.js';
import { createOwner, type TestOwner } from '../test/factories.js';
import { listenOnce, openSocket, refusedStatus } from '../test/sockets.js';

describeEachEngine('live sockets', (t) => {
  let base = '';
  beforeAll(async () => {
    base = await listenOnce(t().app);
  });

  /** What a dashboard sends: its session cookie, from its own origin. */
  const ownerHeaders = (owner: TestOwner) => ({ cookie: owner.cookie, origin: base.replace('ws:', 'http:') });
  const visitorUrl = (id: string, token: string) => `${base}/api/widget/conversations/${id}/ws?token=${encodeURIComponent(token)}`;

  it('closes a socket when the session it was opened with logs out, or its API token is revoked — and only that one', async () => {
    const owner = await createOwner(t());
    // A second session of the same owner (another browser) must stay open.
    const login = await t().app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: owner.user.email, password: 'correct horse battery' } });
    const otherCookie = String(login.headers['set-cookie']).split(';')[0]!;
    const token = json(await t().app.inject({ method: 'POST', url: '/api/tokens', headers: owner.headers, payload: { name: 'socket' } }));
    const first = await openSocket(`${base}/api/ws`, ownerHeaders(owner));
    const second = await openSocket(`${base}/api/ws`, { cookie: otherCookie, origin: base.replace('ws:', 'http:') });
    const viaToken = await openSocket(`${base}/api/ws`, { authorization: `Bearer ${token.token}` });

    expect((await t().app.inject({ method: 'POST', url: '/api/auth/logout', headers: owner.headers })).statusCode).toBe(204);
    expect(await first.closed).toEqual({ code: 4401, reason: 'signed out' });
    expect((await t().app.inject({ method: 'DELETE', url: `/api/tokens/${token.id}`, headers: { cookie: otherCookie, origin: t().origin } })).statusCode).toBe(204);
    expect((await viaToken.closed).code).toBe(4401);

    // The other session still receives events, and never sees the internal revocation frames.
    await startChat(t(), owner.siteKey, 'still here?');
    expect((await second.next()).type).toBe('conversation.created');
    second.close();
  });

  it('delivers a visitor’s message to the owner’s socket and the owner’s reply to the visitor’s socket', async () => {
    const owner = await createOwner(t());
    const dashboard = await openSocket(`${base}/api/ws`, ownerHeaders(owner));

    const chat = await startChat(t(), owner.siteKey, 'Hi! Anyone there?', { visitor: { name: 'Ines' } });
    const created = await dashboard.next();
    expect(created.type).toBe('conversation.created');
    expect(created.data.conversation).toMatchObject({ id: chat.id, visitor: { name: 'Ines', email: null }, lastMessage: { author: 'visitor', body: 'Hi! Anyone there?' } });
    expect(created.data.message).toMatchObject({ conversationId: chat.id, author: 'visitor', body: 'Hi! Anyone there?' });

    const widget = await openSocket(visitorUrl(chat.id, chat.visitorToken));
    const sent = await t().app.inject({ method: 'POST', url: `/api/widget/conversations/${chat.id}/messages`, headers: chat.visitorHeaders, payload: { body: 'Can I change my order?' } });
    const ownerFrame = await dashboard.next();
    expect(ownerFrame).toEqual({
      type: 'message.created',
      data: { conversation: expect.objectContaining({ id: chat.id }), message: { ...json(sent).message, authorName: undefined, authorUser: null } },
    });
    // The visitor's other tabs see their own message too.
    expect(await widget.next()).toEqual({ type: 'message.created', data: { message: json(sent).message } });

    const reply = await t().app.inject({ method: 'POST', url: `/api/conversations/${chat.id}/messages`, headers: owner.headers, payload: { body: 'Yes, until it ships.' } });
    const visitorFrame = await widget.next();
    const { authorUser, ...shared } = json(reply).message;
    expect(visitorFrame).toEqual({ type: 'message.created', data: { message: { ...shared, authorName: authorUser.name } } });
    expect(Object.keys(visitorFrame.data.message).sort()).toEqual(['attachments', 'author', 'authorName', 'body', 'conversationId', 'createdAt', 'id']);
    expect(visitorFrame.data.message.authorName).toBe(owner.user.name);
    expect((await dashboard.next()).data.message.body).toBe('Yes, until it ships.');
    dashboard.close();
    widget.close();
  });

  it('authenticates owner sockets with the session cookie or a Bearer token, and refuses others', async () => {
    const owner = await createOwner(t());
    const token = json(await t().app.inject({ method: 'POST', url: '/api/tokens', headers: owner.headers, payload: { name: 'live' } })).token;
    const viaToken = await openSocket(`${base}/api/ws`, { authorization: `Bearer ${token}` });
    await startChat(t(), owner.siteKey, 'token socket');
    expect((await viaToken.next()).type).toBe('conversation.created');
    viaToken.close();

    expect(await refusedStatus(`${base}/api/ws`)).toBe(401);
    expect(await refusedStatus(`${base}/api/ws`, { cookie: 'fm_session=s_forged' })).toBe(401);
    expect(await refusedStatus(`${base}/api/ws`, { authorization: 'Bearer fm_forged' })).toBe(401);
    // Cross-site WebSocket hijacking: a page elsewhere cannot ride the owner's cookie.
    expect(await refusedStatus(`${base}/api/ws`, { cookie: owner.cookie, origin: 'https://evil.example' })).toBe(403);
    // Plain HTTP on a socket URL says so.
    const plain = await t().app.inject({ method: 'GET', url: '/api/ws', headers: { cookie: owner.cookie } });
    expect(plain.statusCode).toBe(426);
  });

  it('never delivers one owner’s events to another owner’s socket', async () => {
    const alice = await createOwner(t());
    const bob = await createOwner(t());
    const bobSocket = await openSocket(`${base}/api/ws`, ownerHeaders(bob));
    const aliceChat = await startChat(t(), alice.siteKey, 'for alice');
    await t().app.inject({ method: 'POST', url: `/api/conversations/${aliceChat.id}/messages`, headers: alice.headers, payload: { body: 'alice replies' } });
    await t().app.inject({ method: 'DELETE', url: `/api/conversations/${aliceChat.id}`, headers: alice.headers });
    // Events reach each socket in publish order, so Bob's first frame being his own proves none of Alice's came.
    const bobChat = await startChat(t(), bob.siteKey, 'for bob');
    const first = await bobSocket.next();
    expect(first.type).toBe('conversation.created');
    expect(first.data.conversation.id).toBe(bobChat.id);
    bobSocket.close();
  });

  it('opens a visitor socket only with that conversation’s token (404 otherwise), and only for its messages', async () => {
    const owner = await createOwner(t());
    const one = await startChat(t(), owner.siteKey, 'one');
    const two = await startChat(t(), owner.siteKey, 'two');
    expect(await refusedStatus(visitorUrl(two.id, one.visitorToken))).toBe(404);
    expect(await refusedStatus(visitorUrl(two.id, 'vt_forged'))).toBe(404);
    expect(await refusedStatus(`${base}/api/widget/conversations/${two.id}/ws`)).toBe(404);
    expect(await refusedStatus(visitorUrl('no-such-conversation', two.visitorToken))).toBe(404);

    const socketOne = await openSocket(visitorUrl(one.id, one.visitorToken));
    await t().app.inject({ method: 'POST', url: `/api/conversations/${two.id}/messages`, headers: owner.headers, payload: { body: 'to two' } });
    await t().app.inject({ method: 'POST', url: `/api/conversations/${one.id}/messages`, headers: owner.headers, payload: { body: 'to one' } });
    const frame = await socketOne.next();
    expect(frame.data.message).toMatchObject({ conversationId: one.id, body: 'to one' });
    socketOne.close();
  });

  it('tells the owner about a deleted conversation and closes its visitor sockets', async () => {
    const owner = await createOwner(t());
    const chat = await startChat(t(), owner.siteKey, 'short-lived');
    const dashboard = await openSocket(`${base}/api/ws`, ownerHeaders(owner));
    const widget = await openSocket(visitorUrl(chat.id, chat.visitorToken));
    expect((await t().app.inject({ method: 'DELETE', url: `/api/conversations/${chat.id}`, headers: owner.headers })).statusCode).toBe(204);
    expect(await dashboard.next()).toEqual({ type: 'conversation.deleted', data: { conversation: { id: chat.id } } });
    expect((await widget.closed).code).toBe(4404);
    dashboard.close();
  });

  it('caps the open visitor sockets of one conversation', async () => {
    const owner = await createOwner(t());
    const chat = await startChat(t(), owner.siteKey);
    const sockets = [];
    for (let i = 0; i < 20; i++) sockets.push(await openSocket(visitorUrl(chat.id, chat.visitorToken)));
    expect(await refusedStatus(visitorUrl(chat.id, chat.visitorToken))).toBe(429);
    sockets.forEach((socket) => socket.close());
    await Promise.all(sockets.map((socket) => socket.closed));
    // Slots are freed once the server has seen the closes.
    await vi.waitFor(async () => {
      const again = await openSocket(visitorUrl(chat.id, chat.visitorToken));
      again.close();
    });
  });

  it('closes a socket that sends an oversized frame', async () => {
    const owner = await createOwner(t());
    const dashboard = await openSocket(`${base}/api/ws`, ownerHeaders(owner));
    dashboard.ws.send('x'.repeat(64 * 1024));
    expect((await dashboard.closed).code).toBe(1009);
  });
});
