import { expect, it } from 'vitest';
import { totalNotifies, totalQueries } from '../db/query-counter.js';
import { describeEachEngine, json, type TestApp } from '../test/app.js';
import { createOwner, insertConversation, insertSubmission, type TestOwner } from '../test/factories.js';
import { addTeammate } from '../test/team.js';

/**
 * The inbox's first page is served from a per-workspace cache (server/http/owner-page-cache.ts) that
 * every change of the workspace clears: each kind of change below must show in the very next list.
 */
describeEachEngine('the cached inbox first page', (t) => {
  let owner: TestOwner;
  const list = async (query = '', headers = owner.headers) => {
    const response = await t().app.inject({ method: 'GET', url: `/api/tickets${query}`, headers });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    return json(response) as { items: { id: string; status: string; tags: string[]; source: { available: boolean } | null; assignee: { id: string } | null; title: string }[]; nextCursor: string | null };
  };
  const item = async (id: string, query = '') => (await list(query)).items.find((i) => i.id === id);
  const inject = (app: TestApp, method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    app.app.inject({ method, url, headers: owner.headers, ...(payload ? { payload } : {}) });

  it('answers a repeated first page without a statement, the same bytes as uncached', async () => {
    owner = await createOwner(t());
    for (let i = 0; i < 3; i++) await inject(t(), 'POST', '/api/tickets', { title: `By hand ${i}` });
    const first = await t().app.inject({ method: 'GET', url: '/api/tickets?limit=2', headers: owner.headers });
    const before = totalQueries() - totalNotifies();
    const second = await t().app.inject({ method: 'GET', url: '/api/tickets?limit=2', headers: owner.headers });
    expect(totalQueries() - totalNotifies() - before).toBe(0);
    expect(second.body).toBe(first.body);
    // Page 2 (a cursor) is never cached, and follows from the cached page's cursor.
    const page2 = json(await t().app.inject({ method: 'GET', url: `/api/tickets?limit=2&cursor=${json(second).nextCursor}`, headers: owner.headers }));
    expect(page2.items).toHaveLength(1);
  });

  it('shows a status change, a new ticket, a deletion and a tag rename at once', async () => {
    const { ticket } = json(await inject(t(), 'POST', '/api/tickets', { title: 'Printer on fire' }));
    expect((await item(ticket.id))?.status).toBe('new');
    await inject(t(), 'PATCH', `/api/tickets/${ticket.id}`, { status: 'in_progress', tags: ['hardware'] });
    expect(await item(ticket.id)).toMatchObject({ status: 'in_progress', tags: ['hardware'] });
    const tags = json(await t().app.inject({ method: 'GET', url: '/api/tags', headers: owner.headers })).items as { id: string; name: string }[];
    await inject(t(), 'PATCH', `/api/tags/${tags.find((tag) => tag.name === 'hardware')!.id}`, { name: 'devices' });
    expect((await item(ticket.id))?.tags).toEqual(['devices']);
    const { ticket: another } = json(await inject(t(), 'POST', '/api/tickets', { title: 'Another' }));
    expect((await list()).items[0]!.id).toBe(another.id);
    await inject(t(), 'DELETE', `/api/tickets/${another.id}`);
    expect(await item(another.id)).toBeUndefined();
  });

  it('shows a source becoming unavailable when its conversation or submission is deleted', async () => {
    const conversationId = await insertConversation(t(), owner);
    const submissionId = await insertSubmission(t(), owner, { visitorName: 'Ada' });
    const fromChat = json(await inject(t(), 'POST', '/api/tickets', { conversationId })).ticket;
    const fromForm = json(await inject(t(), 'POST', '/api/tickets', { formSubmissionId: submissionId })).ticket;
    expect((await item(fromChat.id))?.source?.available).toBe(true);
    expect((await item(fromForm.id))?.source?.available).toBe(true);
    expect((await inject(t(), 'DELETE', `/api/conversations/${conversationId}`)).statusCode).toBe(204);
    expect((await item(fromChat.id))?.source?.available).toBe(false);
    expect((await inject(t(), 'DELETE', `/api/submissions/${submissionId}`)).statusCode).toBe(204);
    expect((await item(fromForm.id))?.source?.available).toBe(false);
  });

  it('keeps "assigned to me" apart per teammate, and follows a removed teammate', async () => {
    const mate = await addTeammate(t(), owner, 'Maya');
    const { ticket } = json(await inject(t(), 'POST', '/api/tickets', { title: 'For Maya' }));
    await inject(t(), 'PATCH', `/api/tickets/${ticket.id}`, { assigneeId: mate.user.id });
    const mine = await list('?assignee=me');
    const hers = await list('?assignee=me', mate.headers);
    expect(mine.items.map((i) => i.id)).not.toContain(ticket.id);
    expect(hers.items.map((i) => i.id)).toContain(ticket.id);
    expect((await inject(t(), 'DELETE', `/api/team/members/${mate.user.id}`)).statusCode).toBe(204);
    expect((await item(ticket.id))?.assignee).toBeNull();
  });
});
