import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine, json } from '../test/app.js';
import { startChat } from '../test/chat.js';
import { createOwner, insertConversation, insertSubmission, sessionCookieFrom, type TestOwner } from '../test/factories.js';
import { createFormFor } from '../test/forms.js';
import { listenOnce, openSocket, refusedStatus } from '../test/sockets.js';
import { addTeammate, createToken } from '../test/team.js';

describeEachEngine('team: working in a workspace', (t) => {
  let base = '';
  beforeAll(async () => {
    base = await listenOnce(t().app);
  });
  const socketHeaders = (person: TestOwner) => ({ cookie: person.cookie, origin: base.replace('ws:', 'http:') });
  const call = (person: TestOwner, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t().app.inject({ method, url, headers: person.headers, ...(payload ? { payload } : {}) });

  it('lets a teammate work on the owner’s chat, submissions and tickets, and receive the workspace’s live events', async () => {
    const owner = await createOwner(t());
    const mate = await addTeammate(t(), owner, 'Mira');
    const socket = await openSocket(`${base}/api/ws`, socketHeaders(mate));

    const chat = await startChat(t(), owner.siteKey, 'Where is my order?', { visitor: { name: 'Vic' } });
    expect((await socket.next()).type).toBe('conversation.created');
    const conversations = json(await call(mate, 'GET', '/api/conversations')).items;
    expect(conversations.map((c: any) => c.id)).toEqual([chat.id]);
    const reply = await call(mate, 'POST', `/api/conversations/${chat.id}/messages`, { body: 'On its way!' });
    expect(reply.statusCode).toBe(201);
    expect(json(await call(owner, 'GET', `/api/conversations/${chat.id}`)).messages.map((m: any) => m.body)).toEqual(['Where is my order?', 'On its way!']);

    const form = await createFormFor(t(), mate);
    expect(json(await call(owner, 'GET', '/api/forms')).items.map((f: any) => f.id)).toEqual([form.id]);
    const submissionId = await insertSubmission(t(), owner, { visitorName: 'Sue' });
    expect(json(await call(mate, 'GET', '/api/submissions')).items.map((s: any) => s.id)).toEqual([submissionId]);
    expect((await call(mate, 'GET', `/api/submissions/${submissionId}`)).statusCode).toBe(200);

    const created = await call(mate, 'POST', '/api/tickets', { conversationId: chat.id });
    expect(created.statusCode).toBe(201);
    const ticket = json(created).ticket;
    const patched = await call(owner, 'PATCH', `/api/tickets/${ticket.id}`, { notes: 'handoff: call Vic tomorrow', assigneeId: mate.user.id });
    expect(json(patched).ticket).toMatchObject({ assigneeId: mate.user.id, assignee: { id: mate.user.id, name: 'Mira' } });
    const frames = [await socket.next(), await socket.next(), await socket.next()];
    expect(frames.map((f) => f.type)).toEqual(['message.created', 'ticket.created', 'ticket.updated']);
    expect(json(await call(mate, 'GET', '/api/tickets?assignee=me')).items.map((x: any) => x.id)).toEqual([ticket.id]);
    socket.close();
  });

  it('ends a removed teammate’s session, API token and owner sockets at once, and unassigns their tickets', async () => {
    const owner = await createOwner(t());
    const mate = await addTeammate(t(), owner, 'Rex');
    const token = await createToken(t(), mate);
    const ticket = json(await call(mate, 'POST', '/api/tickets', { conversationId: await insertConversation(t(), owner) })).ticket;
    expect(json(await call(mate, 'PATCH', `/api/tickets/${ticket.id}`, { status: 'in_progress' })).ticket.assigneeId).toBe(mate.user.id);

    const cookieSocket = await openSocket(`${base}/api/ws`, socketHeaders(mate));
    const tokenSocket = await openSocket(`${base}/api/ws`, { authorization: `Bearer ${token}` });
    const ownerSocket = await openSocket(`${base}/api/ws`, socketHeaders(owner));
    expect((await call(owner, 'DELETE', `/api/team/members/${mate.user.id}`)).statusCode).toBe(204);

    expect((await call(mate, 'GET', '/api/tickets')).statusCode).toBe(401);
    expect((await t().app.inject({ method: 'GET', url: '/api/tickets', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
    expect((await cookieSocket.closed).code).toBe(4403);
    expect((await tokenSocket.closed).code).toBe(4403);
    expect(await refusedStatus(`${base}/api/ws`, socketHeaders(mate))).toBe(401);
    expect(await ownerSocket.next()).toEqual({ type: 'member.removed', data: { userId: mate.user.id } });
    const updated = await ownerSocket.next();
    expect(updated.type).toBe('ticket.updated');
    expect(updated.data.ticket).toMatchObject({ id: ticket.id, assigneeId: null, assignee: null });
    ownerSocket.close();

    const now = json(await call(owner, 'GET', `/api/tickets/${ticket.id}`)).ticket;
    expect(now).toMatchObject({ assigneeId: null, version: ticket.version + 2 });
    expect(json(await call(owner, 'GET', '/api/team')).members.map((m: any) => m.id)).toEqual([owner.user.id]);
    // Assigning them again is refused; signing in again opens their own (empty) workspace.
    expect((await call(owner, 'PATCH', `/api/tickets/${ticket.id}`, { assigneeId: mate.user.id })).statusCode).toBe(422);
    const login = await t().app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: mate.user.email, password: 'teammate password' } });
    const me = json(await t().app.inject({ method: 'GET', url: '/api/me', headers: { cookie: sessionCookieFrom(login.headers['set-cookie']) } }));
    expect(me.workspace).toEqual({ id: mate.user.id, name: 'Rex', role: 'owner' });
    expect(me.workspaces.map((w: any) => w.id)).toEqual([mate.user.id]);
  });

  it('never leaves a ticket assigned to someone removed at the same moment', async () => {
    const owner = await createOwner(t());
    for (let round = 0; round < 6; round++) {
      const mate = await addTeammate(t(), owner);
      const ticket = json(await call(owner, 'POST', '/api/tickets', { conversationId: await insertConversation(t(), owner) })).ticket;
      const [assigning, removing] = await Promise.all([
        call(owner, 'PATCH', `/api/tickets/${ticket.id}`, { assigneeId: mate.user.id }),
        call(owner, 'DELETE', `/api/team/members/${mate.user.id}`),
      ]);
      expect([200, 422], assigning.body).toContain(assigning.statusCode);
      expect(removing.statusCode).toBe(204);
      expect(json(await call(owner, 'GET', `/api/tickets/${ticket.id}`)).ticket.assigneeId).toBeNull();
    }
  });

  it('answers a teammate of workspace A with 404 for everything of workspace B', async () => {
    const a = await createOwner(t());
    const b = await createOwner(t());
    const mate = await addTeammate(t(), a);
    const conversationId = await insertConversation(t(), b);
    const submissionId = await insertSubmission(t(), b, { visitorName: 'B visitor' });
    const form = await createFormFor(t(), b);
    const ticket = json(await call(b, 'POST', '/api/tickets', { conversationId })).ticket;
    const tagged = json(await call(b, 'PATCH', `/api/tickets/${ticket.id}`, { tags: ['secret-theme'] })).ticket;
    expect(tagged.tags).toEqual(['secret-theme']);
    const tag = json(await call(b, 'GET', '/api/tags')).items[0];

    const probes: [('GET' | 'POST' | 'PATCH' | 'DELETE'), string, object?][] = [
      ['GET', `/api/conversations/${conversationId}`],
      ['POST', `/api/conversations/${conversationId}/messages`, { body: 'hi' }],
      ['DELETE', `/api/conversations/${conversationId}`],
      ['GET', `/api/submissions/${submissionId}`],
      ['DELETE', `/api/submissions/${submissionId}`],
      ['GET', `/api/forms/${form.id}`],
      ['GET', `/api/tickets/${ticket.id}`],
      ['GET', `/api/tickets/${ticket.id}/activity`],
      ['PATCH', `/api/tickets/${ticket.id}`, { status: 'closed' }],
      ['DELETE', `/api/tickets/${ticket.id}`],
      ['POST', '/api/tickets', { conversationId }],
      ['PATCH', `/api/tags/${tag.id}`, { name: 'renamed' }],
      ['DELETE', `/api/tags/${tag.id}`],
      ['POST', '/api/me/workspace', { ownerId: b.user.id }],
    ];
    for (const [method, url, payload] of probes) {
      expect((await call(mate, method, url, payload)).statusCode, `${method} ${url}`).toBe(404);
    }
    for (const url of ['/api/conversations', '/api/submissions', '/api/tickets?status=all', '/api/tags', `/api/tickets?tag=secret-theme&status=all`, '/api/tickets?q=secret']) {
      expect(json(await call(mate, 'GET', url)).items, url).toEqual([]);
    }
    // B cannot assign A's teammate either.
    expect((await call(b, 'PATCH', `/api/tickets/${ticket.id}`, { assigneeId: mate.user.id })).statusCode).toBe(422);
    expect(json(await call(b, 'GET', `/api/tickets/${ticket.id}`)).ticket).toMatchObject({ status: 'new', tags: ['secret-theme'], assigneeId: null });
  });
});
