import { createQueryId } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine, json, type TestApp } from '../test/app.js';
import { postVisitorMessage } from '../commands/messages.js';
import { commandContext } from '../commands/context.js';
import { startChat } from '../test/chat.js';
import { createOwner, insertConversation, insertSubmission, type TestOwner } from '../test/factories.js';
import { listenOnce, openSocket, type TestSocket } from '../test/sockets.js';
import { addTeammate } from '../test/team.js';

const CHROME_ON_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

describeEachEngine('conversations as an inbox', (t) => {
  let base = '';
  beforeAll(async () => {
    base = await listenOnce(t().app);
  });
  afterAll(() => undefined);

  const get = async (who: TestOwner, url: string) => {
    const response = await t().app.inject({ method: 'GET', url, headers: who.headers });
    expect(response.statusCode, response.body).toBe(200);
    return json(response);
  };
  const patch = (who: TestOwner, id: string, payload: unknown) =>
    t().app.inject({ method: 'PATCH', url: `/api/conversations/${id}`, headers: who.headers, payload: payload as object });
  const read = (who: TestOwner, id: string) => t().app.inject({ method: 'POST', url: `/api/conversations/${id}/read`, headers: who.headers });
  const visitorSays = (app: TestApp, chat: { id: string; visitorHeaders: Record<string, string> }, body: string) =>
    app.app.inject({ method: 'POST', url: `/api/widget/conversations/${chat.id}/messages`, headers: chat.visitorHeaders, payload: { body } });
  const ids = (page: { items: { id: string }[] }) => page.items.map((c) => c.id);
  const dashboardOf = (who: TestOwner) => openSocket(`${base}/api/ws`, { cookie: who.cookie });
  /** The next frame of a given type (other frames, e.g. message.created, are skipped). */
  async function nextOfType(socket: TestSocket, type: string) {
    for (;;) {
      const frame = await socket.next();
      if (frame.type === type) return frame;
    }
  }

  it('starts open, unassigned and unread, with the browser, OS and locale of the starting request', async () => {
    const owner = await createOwner(t());
    const started = await t().app.inject({
      method: 'POST',
      url: `/api/widget/${owner.siteKey}/conversations`,
      headers: { 'user-agent': CHROME_ON_MAC, 'accept-language': 'de-de,de;q=0.9,en;q=0.8' },
      payload: { visitor: { name: 'Ada', email: 'Ada@Example.org' }, message: { body: 'Hallo!' } },
    });
    expect(started.statusCode).toBe(201);
    const id = json(started).conversation.id;
    const [item] = (await get(owner, '/api/conversations')).items;
    expect(item).toMatchObject({
      id,
      status: 'open',
      assignee: null,
      unreadCount: 1,
      visitor: { name: 'Ada', email: 'Ada@Example.org', browser: 'Chrome 120', os: 'macOS', locale: 'de-DE' },
    });
    expect(item.visitor.previousConversations).toBeUndefined();
    const detail = await get(owner, `/api/conversations/${id}`);
    expect(detail.conversation).toMatchObject({ status: 'open', unreadCount: 1, visitor: { previousConversations: 0 } });
  });

  it('resolves and reopens; the list shows open by default, resolved or all on request', async () => {
    const owner = await createOwner(t());
    const a = await startChat(t(), owner.siteKey, 'first');
    const b = await startChat(t(), owner.siteKey, 'second');
    const resolved = await patch(owner, a.id, { status: 'resolved' });
    expect(resolved.statusCode).toBe(200);
    expect(json(resolved).conversation).toMatchObject({ id: a.id, status: 'resolved', assignee: null });

    expect(ids(await get(owner, '/api/conversations'))).toEqual([b.id]);
    expect(ids(await get(owner, '/api/conversations?status=open'))).toEqual([b.id]);
    expect(ids(await get(owner, '/api/conversations?status=resolved'))).toEqual([a.id]);
    expect(ids(await get(owner, '/api/conversations?status=all'))).toEqual([b.id, a.id]);

    expect(json(await patch(owner, a.id, { status: 'open' })).conversation.status).toBe('open');
    expect(ids(await get(owner, '/api/conversations')).sort()).toEqual([a.id, b.id].sort());
    expect((await patch(owner, a.id, { status: 'closed' })).statusCode).toBe(422);
    expect((await t().app.inject({ method: 'GET', url: '/api/conversations?status=closed', headers: owner.headers })).statusCode).toBe(422);
  });

  it('assigns to a teammate, filters by me / none / id, unassigns with null', async () => {
    const owner = await createOwner(t());
    const mate = await addTeammate(t(), owner, 'Maya Support');
    const a = await startChat(t(), owner.siteKey, 'for Maya');
    const b = await startChat(t(), owner.siteKey, 'for the owner');
    const c = await startChat(t(), owner.siteKey, 'nobody yet');

    const assigned = json(await patch(owner, a.id, { assigneeId: mate.user.id }));
    expect(assigned.conversation.assignee).toEqual({ id: mate.user.id, name: 'Maya Support' });
    expect((await patch(mate, b.id, { assigneeId: owner.user.id })).statusCode).toBe(200);

    expect(ids(await get(mate, '/api/conversations?assignee=me'))).toEqual([a.id]);
    expect(ids(await get(owner, '/api/conversations?assignee=me'))).toEqual([b.id]);
    expect(ids(await get(owner, `/api/conversations?assignee=${mate.user.id}`))).toEqual([a.id]);
    expect(ids(await get(owner, '/api/conversations?assignee=none'))).toEqual([c.id]);
    expect((await get(owner, `/api/conversations/${a.id}`)).conversation.assignee).toEqual({ id: mate.user.id, name: 'Maya Support' });

    // Status and assignee filters combine.
    await patch(owner, a.id, { status: 'resolved' });
    expect(ids(await get(mate, '/api/conversations?assignee=me'))).toEqual([]);
    expect(ids(await get(mate, '/api/conversations?assignee=me&status=resolved'))).toEqual([a.id]);

    const unassigned = json(await patch(owner, a.id, { assigneeId: null }));
    expect(unassigned.conversation).toMatchObject({ assignee: null, status: 'resolved' });
    expect(ids(await get(owner, '/api/conversations?assignee=none&status=all')).sort()).toEqual([a.id, c.id].sort());
  });

  it('refuses an assignee outside the workspace (422) and a foreign or missing conversation (404), changing nothing', async () => {
    const owner = await createOwner(t());
    const stranger = await createOwner(t());
    const chat = await startChat(t(), owner.siteKey);
    const foreign = await startChat(t(), stranger.siteKey);

    const outsider = await patch(owner, chat.id, { assigneeId: stranger.user.id });
    expect(outsider.statusCode).toBe(422);
    expect(json(outsider).error.code).toBe('validation_failed');
    expect((await patch(owner, chat.id, { assigneeId: 'no-such-user' })).statusCode).toBe(422);
    expect((await patch(owner, foreign.id, { status: 'resolved' })).statusCode).toBe(404);
    expect((await patch(owner, 'missing-id', { status: 'resolved' })).statusCode).toBe(404);
    expect((await read(owner, foreign.id)).statusCode).toBe(404);

    const row = await t().app.db.selectFrom('conversations').selectAll().where('id', 'in', [chat.id, foreign.id]).execute();
    expect(row.map((r) => [r.status, r.assignee_id])).toEqual([['open', null], ['open', null]]);
    const reads = await t().app.db.selectFrom('conversation_reads').selectAll().where('conversation_id', '=', foreign.id).execute();
    expect(reads).toEqual([]);
  });

  it('tells every dashboard about status and assignee changes, with the actor', async () => {
    const owner = await createOwner(t());
    const mate = await addTeammate(t(), owner, 'Maya');
    const chat = await startChat(t(), owner.siteKey);
    const dashboard = await dashboardOf(owner);
    await patch(mate, chat.id, { status: 'resolved', assigneeId: mate.user.id });
    const frame = await nextOfType(dashboard, 'conversation.updated');
    expect(frame.data).toEqual({
      conversation: expect.objectContaining({ id: chat.id, status: 'resolved', assignee: { id: mate.user.id, name: 'Maya' } }),
      actor: { id: mate.user.id },
    });
    expect(frame.data.conversation.unreadCount).toBeUndefined();
    dashboard.close();
  });

  it('reopens a resolved conversation when the visitor writes, and says so live with actor null', async () => {
    const owner = await createOwner(t());
    const chat = await startChat(t(), owner.siteKey);
    await patch(owner, chat.id, { status: 'resolved' });
    const dashboard = await dashboardOf(owner);
    expect((await visitorSays(t(), chat, 'one more thing')).statusCode).toBe(201);
    const created = await dashboard.next();
    expect(created).toMatchObject({ type: 'message.created', data: { conversation: { id: chat.id, status: 'open' } } });
    const updated = await dashboard.next();
    expect(updated).toEqual({ type: 'conversation.updated', data: { conversation: expect.objectContaining({ id: chat.id, status: 'open' }), actor: null } });
    expect(ids(await get(owner, '/api/conversations'))).toEqual([chat.id]);

    // An open conversation is not "reopened" again.
    await visitorSays(t(), chat, 'and another');
    expect((await dashboard.next()).type).toBe('message.created');
    await t().app.inject({ method: 'POST', url: `/api/conversations/${chat.id}/messages`, headers: owner.headers, payload: { body: 'ok' } });
    expect((await dashboard.next()).type).toBe('message.created');
    dashboard.close();
  });

  it('keeps read state per user: unreadCount, POST /read, and the live read event for that user', async () => {
    const owner = await createOwner(t());
    const mate = await addTeammate(t(), owner);
    const chat = await startChat(t(), owner.siteKey, 'one');
    await visitorSays(t(), chat, 'two');
    await t().app.inject({ method: 'POST', url: `/api/conversations/${chat.id}/messages`, headers: owner.headers, payload: { body: 'reply' } });
    const unreadOf = async (who: TestOwner) => (await get(who, `/api/conversations/${chat.id}`)).conversation.unreadCount;
    expect(await unreadOf(owner)).toBe(2);
    expect(await unreadOf(mate)).toBe(2);

    const dashboard = await dashboardOf(mate);
    const marked = await read(owner, chat.id);
    expect(marked.statusCode).toBe(204);
    const frame = await nextOfType(dashboard, 'conversation.updated');
    expect(frame.data).toEqual({ conversation: expect.objectContaining({ id: chat.id }), actor: { id: owner.user.id }, read: true });

    expect(await unreadOf(owner)).toBe(0);
    expect(await unreadOf(mate)).toBe(2);
    expect((await get(owner, '/api/conversations')).items[0].unreadCount).toBe(0);
    await visitorSays(t(), chat, 'three');
    expect(await unreadOf(owner)).toBe(1);
    expect(await unreadOf(mate)).toBe(3);
    expect((await read(owner, chat.id)).statusCode).toBe(204);
    expect((await read(owner, chat.id)).statusCode).toBe(204);
    expect(await unreadOf(owner)).toBe(0);
    dashboard.close();
  });

  it('counts unread open conversations and unseen submissions for the navigation', async () => {
    const owner = await createOwner(t());
    const mate = await addTeammate(t(), owner);
    const counts = (who: TestOwner) => get(who, '/api/me/unread');
    const a = await startChat(t(), owner.siteKey);
    const b = await startChat(t(), owner.siteKey);
    await startChat(t(), owner.siteKey);
    await insertSubmission(t(), owner, { visitorName: 'Sam' });
    await insertSubmission(t(), owner, { visitorName: 'Kim' });
    expect(await counts(owner)).toEqual({ conversations: 3, submissions: 2 });

    await read(owner, a.id);
    await patch(owner, b.id, { status: 'resolved' });
    expect(await counts(owner)).toEqual({ conversations: 1, submissions: 2 });
    expect((await counts(mate)).conversations).toBe(2);

    const dashboard = await dashboardOf(owner);
    const seen = await t().app.inject({ method: 'POST', url: '/api/submissions/read', headers: owner.headers });
    expect(seen.statusCode).toBe(204);
    expect(await nextOfType(dashboard, 'submissions.read')).toEqual({ type: 'submissions.read', data: { actor: { id: owner.user.id } } });
    expect((await counts(owner)).submissions).toBe(0);
    expect((await counts(mate)).submissions).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 2)); // a later millisecond than the mark
    await insertSubmission(t(), owner, { visitorName: 'Lee' });
    expect((await counts(owner)).submissions).toBe(1);
    // Another workspace's data never counts.
    const other = await createOwner(t());
    expect(await counts(other)).toEqual({ conversations: 0, submissions: 0 });
    dashboard.close();
  });

  it('stops counting at 100 unread conversations', async () => {
    const owner = await createOwner(t());
    for (let i = 0; i < 101; i++) await insertConversation(t(), owner, { messages: ['hi'] });
    const first = await insertConversation(t(), owner, { messages: ['hi'] });
    expect((await get(owner, '/api/me/unread')).conversations).toBe(100);
    await read(owner, first);
    expect((await get(owner, '/api/me/unread')).conversations).toBe(100);
  });

  it("names a teammate's reply: authorUser for the owner side, only authorName for the visitor", async () => {
    const owner = await createOwner(t(), { name: 'Olga Owner' });
    const mate = await addTeammate(t(), owner, 'Maya Support');
    const chat = await startChat(t(), owner.siteKey);
    const sent = await t().app.inject({ method: 'POST', url: `/api/conversations/${chat.id}/messages`, headers: mate.headers, payload: { body: 'Hi, Maya here' } });
    expect(json(sent).message.authorUser).toEqual({ id: mate.user.id, name: 'Maya Support' });
    await t().app.inject({ method: 'POST', url: `/api/conversations/${chat.id}/messages`, headers: owner.headers, payload: { body: 'And Olga' } });

    const detail = await get(owner, `/api/conversations/${chat.id}`);
    expect(detail.messages.map((m: { authorUser: unknown }) => m.authorUser)).toEqual([
      null,
      { id: mate.user.id, name: 'Maya Support' },
      { id: owner.user.id, name: 'Olga Owner' },
    ]);
    const visitorSide = await t().app.inject({ method: 'GET', url: `/api/widget/conversations/${chat.id}/messages`, headers: chat.visitorHeaders });
    const items = json(visitorSide).items;
    expect(items.map((m: { authorName: unknown }) => m.authorName)).toEqual([null, 'Maya Support', 'Olga Owner']);
    for (const secret of [mate.user.id, owner.user.id, mate.user.email, owner.user.email]) expect(visitorSide.body).not.toContain(secret);
  });

  it('counts earlier conversations with the same email and lists them by visitorEmail (case-insensitive)', async () => {
    const owner = await createOwner(t());
    const other = await createOwner(t());
    const first = await startChat(t(), owner.siteKey, 'first', { visitor: { email: 'Sam@Example.com' } });
    const second = await startChat(t(), owner.siteKey, 'second', { visitor: { email: 'sam@example.com' } });
    await startChat(t(), owner.siteKey, 'someone else', { visitor: { email: 'kim@example.com' } });
    await startChat(t(), other.siteKey, 'other site', { visitor: { email: 'sam@example.com' } });
    await patch(owner, first.id, { status: 'resolved' });

    expect((await get(owner, `/api/conversations/${second.id}`)).conversation.visitor.previousConversations).toBe(1);
    expect((await get(owner, `/api/conversations/${first.id}`)).conversation.visitor.previousConversations).toBe(1);
    const listed = await get(owner, `/api/conversations?status=all&visitorEmail=${encodeURIComponent('SAM@example.com')}`);
    expect(ids(listed)).toEqual([second.id, first.id]);
  });

  it('unassigns a removed teammate’s conversations', async () => {
    const owner = await createOwner(t());
    const mate = await addTeammate(t(), owner);
    const chat = await startChat(t(), owner.siteKey);
    await patch(owner, chat.id, { assigneeId: mate.user.id });
    const removed = await t().app.inject({ method: 'DELETE', url: `/api/team/members/${mate.user.id}`, headers: owner.headers });
    expect(removed.statusCode).toBe(204);
    expect((await get(owner, `/api/conversations/${chat.id}`)).conversation.assignee).toBeNull();
  });

  it('binds the message time as a parameter (one statement text for every message, issue 20)', async () => {
    const owner = await createOwner(t());
    const chat = await startChat(t(), owner.siteKey);
    const compiled: string[] = [];
    const { db } = t().app;
    // A plugin sees every statement, inside transactions too; compile it as the driver will.
    const recording = db.withPlugin({
      transformQuery: ({ node }) => {
        compiled.push(db.getExecutor().compileQuery(node, createQueryId()).sql);
        return node;
      },
      transformResult: async ({ result }) => result,
    });
    await postVisitorMessage({ ...commandContext(t().app), db: recording }, chat.id, chat.visitorToken, 'tick');
    await postVisitorMessage({ ...commandContext(t().app), db: recording }, chat.id, chat.visitorToken, 'tock');
    expect(compiled.length).toBeGreaterThanOrEqual(2);
    expect(compiled.join('\n')).not.toMatch(/\b1[0-9]{12}\b/);
    // The two messages ran exactly the same statements.
    expect(compiled.slice(0, compiled.length / 2)).toEqual(compiled.slice(compiled.length / 2));
  });
});
