import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, testEngines, type TestApp } from '../test/app.js';
import { startChat } from '../test/chat.js';
import { createOwner } from '../test/factories.js';
import { startTwoServers, type TwoServers } from '../test/second-instance.js';
import { openSocket } from '../test/sockets.js';
import { addTeammate } from '../test/team.js';

describe.skipIf(!testEngines().includes('postgres'))('the inbox across two servers on one PostgreSQL database', () => {
  let servers: TwoServers;
  let a: TestApp;
  let baseA = '';
  let baseB = '';
  beforeAll(async () => {
    servers = await startTwoServers();
    ({ a, baseA, baseB } = servers);
  });
  afterAll(async () => servers?.close());

  it('relays typing between a visitor on server A and a teammate on server B', async () => {
    const owner = await createOwner(a, { name: 'Olga' });
    const mate = await addTeammate(a, owner, 'Maya');
    const chat = await startChat(a, owner.siteKey);
    const widget = await openSocket(`${baseA}/api/widget/conversations/${chat.id}/ws?token=${encodeURIComponent(chat.visitorToken)}`);
    const ownerOnA = await openSocket(`${baseA}/api/ws`, { cookie: owner.cookie });
    const mateOnB = await openSocket(`${baseB}/api/ws`, { cookie: mate.cookie });

    widget.ws.send(JSON.stringify({ type: 'typing' }));
    expect(await mateOnB.next()).toEqual({ type: 'conversation.typing', data: { conversationId: chat.id, who: 'visitor' } });
    expect((await ownerOnA.next()).data.who).toBe('visitor');

    mateOnB.ws.send(JSON.stringify({ type: 'typing', data: { conversationId: chat.id } }));
    expect(await widget.next()).toEqual({ type: 'conversation.typing', data: { conversationId: chat.id, who: 'agent', name: 'Maya' } });
    expect(await ownerOnA.next()).toEqual({ type: 'conversation.typing', data: { conversationId: chat.id, who: 'agent', name: 'Maya', actor: { id: mate.user.id } } });
    for (const socket of [widget, ownerOnA, mateOnB]) socket.close();
  });

  it('shares read state: read on server B, unread 0 on server A and the read event on A’s sockets', async () => {
    const owner = await createOwner(a);
    const chat = await startChat(a, owner.siteKey);
    await a.app.inject({ method: 'POST', url: `/api/widget/conversations/${chat.id}/messages`, headers: chat.visitorHeaders, payload: { body: 'again' } });
    const ownerOnA = await openSocket(`${baseA}/api/ws`, { cookie: owner.cookie });
    const unreadOnA = async () => json(await a.app.inject({ method: 'GET', url: `/api/conversations/${chat.id}`, headers: owner.headers })).conversation.unreadCount;
    expect(await unreadOnA()).toBe(2);

    const marked = await servers.b.app.inject({ method: 'POST', url: `/api/conversations/${chat.id}/read`, headers: owner.headers });
    expect(marked.statusCode).toBe(204);
    expect(await ownerOnA.next()).toMatchObject({ type: 'conversation.updated', data: { conversation: { id: chat.id }, actor: { id: owner.user.id }, read: true } });
    expect(await unreadOnA()).toBe(0);
    expect(json(await a.app.inject({ method: 'GET', url: '/api/me/unread', headers: owner.headers })).conversations).toBe(0);
    ownerOnA.close();
  });
  it('drops server A\'s cached inbox page when server B changes a ticket (through NOTIFY)', async () => {
    const owner = await createOwner(a);
    const created = await a.app.inject({ method: 'POST', url: '/api/tickets', headers: owner.headers, payload: { title: 'Cached on A' } });
    const { ticket } = json(created);
    const statusOnA = async () => json(await a.app.inject({ method: 'GET', url: '/api/tickets?status=all', headers: owner.headers })).items[0].status;
    expect(await statusOnA()).toBe('new');
    expect(await statusOnA()).toBe('new'); // now served from A's cache
    const changed = await servers.b.app.inject({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, headers: owner.headers, payload: { status: 'closed' } });
    expect(changed.statusCode).toBe(200);
    const deadline = Date.now() + 5_000;
    while ((await statusOnA()) !== 'closed' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(await statusOnA()).toBe('closed');
  });
});
