import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine, json } from '../test/app.js';
import { startChat } from '../test/chat.js';
import { createOwner, type TestOwner } from '../test/factories.js';
import { listenOnce, openSocket, type TestSocket } from '../test/sockets.js';
import { samplePdf } from '../test/samples.js';
import { addTeammate } from '../test/team.js';
import { multipartBody } from '../test/uploads.js';

describeEachEngine('live inbox: typing and visitor-safe frames', (t) => {
  let base = '';
  beforeAll(async () => {
    base = await listenOnce(t().app);
  });
  const dashboardOf = (who: TestOwner) => openSocket(`${base}/api/ws`, { cookie: who.cookie });
  const widgetOf = (chat: { id: string; visitorToken: string }) => openSocket(`${base}/api/widget/conversations/${chat.id}/ws?token=${encodeURIComponent(chat.visitorToken)}`);
  const send = (socket: TestSocket, frame: unknown) => socket.ws.send(JSON.stringify(frame));
  const reply = (who: TestOwner, id: string, body: string) =>
    t().app.inject({ method: 'POST', url: `/api/conversations/${id}/messages`, headers: who.headers, payload: { body } });

  it('shows the visitor typing to the dashboards, and a teammate typing to the visitor and the other teammates', async () => {
    const owner = await createOwner(t(), { name: 'Olga' });
    const mate = await addTeammate(t(), owner, 'Maya');
    const chat = await startChat(t(), owner.siteKey);
    const ownerSocket = await dashboardOf(owner);
    const mateSocket = await dashboardOf(mate);
    const widget = await widgetOf(chat);

    send(widget, { type: 'typing' });
    expect(await ownerSocket.next()).toEqual({ type: 'conversation.typing', data: { conversationId: chat.id, who: 'visitor' } });
    expect(await mateSocket.next()).toEqual({ type: 'conversation.typing', data: { conversationId: chat.id, who: 'visitor' } });

    send(mateSocket, { type: 'typing', data: { conversationId: chat.id } });
    expect(await widget.next()).toEqual({ type: 'conversation.typing', data: { conversationId: chat.id, who: 'agent', name: 'Maya' } });
    expect(await ownerSocket.next()).toEqual({ type: 'conversation.typing', data: { conversationId: chat.id, who: 'agent', name: 'Maya', actor: { id: mate.user.id } } });
    // The typist's own dashboards hear it too (and ignore their own user's frames).
    expect((await mateSocket.next()).data.actor).toEqual({ id: mate.user.id });
    for (const socket of [ownerSocket, mateSocket, widget]) socket.close();
  });

  it('forwards one typing frame per side within 2 s and drops the rest; ignores junk and other workspaces’ conversations', async () => {
    const owner = await createOwner(t());
    const stranger = await createOwner(t());
    const chat = await startChat(t(), owner.siteKey);
    const foreign = await startChat(t(), stranger.siteKey);
    const ownerSocket = await dashboardOf(owner);
    const strangerSocket = await dashboardOf(stranger);
    const widget = await widgetOf(chat);
    const foreignWidget = await widgetOf(foreign);

    for (let i = 0; i < 5; i++) send(widget, { type: 'typing' });
    for (let i = 0; i < 5; i++) send(ownerSocket, { type: 'typing', data: { conversationId: chat.id } });
    send(ownerSocket, { type: 'typing', data: { conversationId: foreign.id } });
    send(ownerSocket, { type: 'typing', data: { conversationId: 42 } });
    send(ownerSocket, { type: 'typing' });
    ownerSocket.ws.send('not json');
    ownerSocket.ws.send('[]');
    const typed = [await ownerSocket.next(), await ownerSocket.next()];
    expect(typed.map((f) => [f.type, f.data.who]).sort()).toEqual([['conversation.typing', 'agent'], ['conversation.typing', 'visitor']]);
    expect((await widget.next()).type).toBe('conversation.typing');
    // The extra frames were dropped: the next thing each socket hears is this message.
    await reply(owner, chat.id, 'marker');
    await reply(stranger, foreign.id, 'marker');
    expect((await ownerSocket.next()).type).toBe('message.created');
    expect((await widget.next()).type).toBe('message.created');
    expect((await strangerSocket.next()).type).toBe('message.created');
    expect((await foreignWidget.next()).type).toBe('message.created');
    for (const socket of [ownerSocket, strangerSocket, widget, foreignWidget]) socket.close();
  });

  it('never puts owner-only data on a visitor socket', async () => {
    const owner = await createOwner(t(), { name: 'Olga Owner' });
    const mate = await addTeammate(t(), owner, 'Maya Mate');
    const chat = await startChat(t(), owner.siteKey, 'hello', { visitor: { name: 'Vic', email: 'vic@example.com' } });
    const widget = await widgetOf(chat);
    const raw: string[] = [];
    widget.ws.on('message', (data) => raw.push(String(data)));
    const ownerSocket = await dashboardOf(owner);

    const patch = (payload: object) => t().app.inject({ method: 'PATCH', url: `/api/conversations/${chat.id}`, headers: owner.headers, payload });
    expect((await patch({ assigneeId: mate.user.id })).statusCode).toBe(200);
    expect((await patch({ status: 'resolved' })).statusCode).toBe(200);
    expect((await t().app.inject({ method: 'POST', url: `/api/conversations/${chat.id}/read`, headers: owner.headers })).statusCode).toBe(204);
    const ticket = await t().app.inject({ method: 'POST', url: '/api/tickets', headers: owner.headers, payload: { conversationId: chat.id } });
    expect(ticket.statusCode).toBe(201);
    send(ownerSocket, { type: 'typing', data: { conversationId: chat.id } });
    send(widget, { type: 'typing' });
    await t().app.inject({ method: 'POST', url: `/api/widget/conversations/${chat.id}/messages`, headers: chat.visitorHeaders, payload: { body: 'back again' } });
    await reply(mate, chat.id, 'Maya here');
    const { payload, contentType } = multipartBody([{ content: samplePdf(), filename: 'terms.pdf' }]);
    const file = await t().app.inject({ method: 'POST', url: `/api/conversations/${chat.id}/attachments`, headers: { ...owner.headers, 'content-type': contentType }, payload });
    expect(file.statusCode).toBe(201);
    await reply(owner, chat.id, 'the end');
    for (;;) {
      const frame = await widget.next();
      if (frame.type === 'message.created' && frame.data.message.body === 'the end') break;
    }

    expect(raw.length).toBeGreaterThanOrEqual(4);
    const types = new Set<string>();
    for (const text of raw) {
      const frame = JSON.parse(text);
      types.add(frame.type);
      expect(['message.created', 'conversation.typing']).toContain(frame.type);
      if (frame.type === 'message.created') {
        expect(Object.keys(frame.data)).toEqual(['message']);
        expect(Object.keys(frame.data.message).sort()).toEqual(['attachments', 'author', 'authorName', 'body', 'conversationId', 'createdAt', 'id']);
      } else {
        expect(frame.data).toEqual({ conversationId: chat.id, who: 'agent', name: expect.any(String) });
      }
      for (const secret of [owner.user.id, mate.user.id, owner.user.email, mate.user.email, owner.siteKey, json(ticket).ticket.id]) {
        expect(text).not.toContain(secret);
      }
      // Files are linked through the visitor API only.
      expect(text).not.toContain('"/api/conversations/');
      for (const field of ['authorUser', 'assignee', 'unreadCount', 'status', 'actor', 'ticket', 'read', 'visitor', 'email']) {
        expect(text).not.toContain(`"${field}":`);
      }
    }
    expect([...types].sort()).toEqual(['conversation.typing', 'message.created']);
    widget.close();
    ownerSocket.close();
  });
});
