import { expect, it } from 'vitest';
import { describeEachEngine, json, type TestApp } from '../test/app.js';
import { createOwner, type TestOwner } from '../test/factories.js';
import type { LiveEvent } from '../realtime/events.js';

async function create(t: TestApp, owner: TestOwner, title: string) {
  return json(await t.app.inject({ method: 'POST', url: '/api/tickets', headers: owner.headers, payload: { title } })).ticket;
}
async function bulk(t: TestApp, owner: TestOwner, payload: Record<string, unknown>) {
  const response = await t.app.inject({ method: 'POST', url: '/api/tickets/bulk', headers: owner.headers, payload });
  return { status: response.statusCode, body: json(response) };
}
const snapshot = (t: TestApp, ownerId: string) =>
  t.app.db.selectFrom('tickets').select(['id', 'status', 'priority', 'assignee_id', 'version', 'updated_at']).where('owner_id', '=', ownerId).orderBy('number').execute();

describeEachEngine('tickets: bulk changes', (t) => {
  it('closes, prioritises, assigns and tags many tickets at once: one timeline entry and one event per changed ticket', async () => {
    const owner = await createOwner(t());
    const tickets: any[] = [];
    for (let i = 0; i < 3; i++) tickets.push(await create(t(), owner, `T${i}`));
    await t().app.inject({ method: 'PATCH', url: `/api/tickets/${tickets[0].id}`, headers: owner.headers, payload: { tags: ['old', 'Keep'] } });
    const seen: LiveEvent[] = [];
    const stop = t().app.events.onOwner(owner.user.id, (event) => seen.push(event));
    const { status, body } = await bulk(t(), owner, {
      ids: tickets.map((x) => x.id), set: { status: 'closed', priority: 'high', assigneeId: owner.user.id, addTags: ['Refunds'], removeTags: ['OLD'] },
    });
    stop();
    expect(status).toBe(200);
    expect(body.tickets).toHaveLength(3);
    for (const ticket of body.tickets) {
      expect(ticket).toMatchObject({ status: 'closed', priority: 'high', assigneeId: owner.user.id });
      expect(ticket.closedAt).not.toBeNull();
    }
    expect(body.tickets.find((x: any) => x.id === tickets[0].id).tags).toEqual(['Keep', 'Refunds']);
    expect(body.tickets.find((x: any) => x.id === tickets[1].id).tags).toEqual(['Refunds']);
    expect(seen.filter((e) => e.type === 'ticket.updated')).toHaveLength(3);
    const timeline = json(await t().app.inject({ method: 'GET', url: `/api/tickets/${tickets[0].id}/activity`, headers: owner.headers }));
    const last = timeline.items.at(-1);
    expect(last.kind).toBe('bulk_updated');
    expect(last.data).toEqual({
      status: { from: 'new', to: 'closed' }, assigneeId: { from: null, to: owner.user.id }, priority: { from: 'normal', to: 'high' },
      tags: { added: ['Refunds'], removed: ['old'] },
    });
    expect(timeline.items.filter((i: any) => i.kind === 'bulk_updated')).toHaveLength(1);
    // Repeating the same change changes nothing: same versions, no events.
    const before = await snapshot(t(), owner.user.id);
    const again = await bulk(t(), owner, { ids: tickets.map((x) => x.id), set: { status: 'closed', priority: 'high' } });
    expect(again.status).toBe(200);
    expect(await snapshot(t(), owner.user.id)).toEqual(before);
  });

  it('changes nothing when one id is another owner’s or missing (404), and refuses more than 200 ids or bad values (422)', async () => {
    const owner = await createOwner(t());
    const other = await createOwner(t());
    const mine = [await create(t(), owner, 'a'), await create(t(), owner, 'b')];
    const theirs = await create(t(), other, 'c');
    const before = await snapshot(t(), owner.user.id);
    const foreign = await bulk(t(), owner, { ids: [...mine.map((x) => x.id), theirs.id], set: { status: 'closed' } });
    expect(foreign.status).toBe(404);
    const missing = await bulk(t(), owner, { ids: [mine[0].id, 'nope'], set: { status: 'closed' } });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual(foreign.body);
    expect((await bulk(t(), owner, { ids: Array.from({ length: 201 }, (_, i) => `id${i}`), set: { status: 'closed' } })).status).toBe(422);
    expect((await bulk(t(), owner, { ids: [mine[0].id], set: { priority: 'critical' } })).status).toBe(422);
    expect((await bulk(t(), owner, { ids: [mine[0].id], set: {} })).status).toBe(422);
    expect((await bulk(t(), owner, { ids: [], set: { status: 'closed' } })).status).toBe(422);
    expect((await bulk(t(), owner, { ids: [mine[0].id], set: { assigneeId: other.user.id } })).status).toBe(422);
    // Too many tags on one ticket part-way through: the whole change rolls back.
    await t().app.inject({ method: 'PATCH', url: `/api/tickets/${mine[1].id}`, headers: owner.headers, payload: { tags: Array.from({ length: 20 }, (_, i) => `t${i}`) } });
    const full = await snapshot(t(), owner.user.id);
    expect((await bulk(t(), owner, { ids: mine.map((x) => x.id), set: { status: 'closed', addTags: ['one more'] } })).status).toBe(422);
    expect(await snapshot(t(), owner.user.id)).toEqual(full);
    expect(before.map((r) => r.status)).toEqual(['new', 'new']);
    expect((await snapshot(t(), other.user.id))[0]!.status).toBe('new');
  });
});
