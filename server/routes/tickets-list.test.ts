import { expect, it } from 'vitest';
import { describeEachEngine, json, type TestApp } from '../test/app.js';
import { createOwner, type TestOwner } from '../test/factories.js';
import type { LiveEvent } from '../realtime/events.js';

async function create(t: TestApp, owner: TestOwner, title: string) {
  const response = await t.app.inject({ method: 'POST', url: '/api/tickets', headers: owner.headers, payload: { title } });
  return json(response).ticket;
}
async function patch(t: TestApp, owner: TestOwner, id: string, body: Record<string, unknown>) {
  const response = await t.app.inject({ method: 'PATCH', url: `/api/tickets/${id}`, headers: owner.headers, payload: body });
  return { status: response.statusCode, body: json(response) };
}
async function list(t: TestApp, owner: TestOwner, query: string) {
  const response = await t.app.inject({ method: 'GET', url: `/api/tickets?${query}`, headers: owner.headers });
  return { status: response.statusCode, body: json(response) };
}
/** Every page of a listing, following nextCursor. */
async function walk(t: TestApp, owner: TestOwner, query: string, limit = 2): Promise<number[]> {
  const numbers: number[] = [];
  let cursor: string | null = null;
  do {
    const page: any = (await list(t, owner, `${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`)).body;
    numbers.push(...page.items.map((item: any) => item.number));
    cursor = page.nextCursor;
  } while (cursor);
  return numbers;
}

describeEachEngine('tickets: priority, due dates, sorting', (t) => {
  it('sets priority, dueAt and visibleToVisitor; records them on the timeline; rejects bad values with 422', async () => {
    const owner = await createOwner(t());
    const ticket = await create(t(), owner, 'Printer on fire');
    expect(ticket).toMatchObject({ priority: 'normal', dueAt: null, visibleToVisitor: false });
    const due = '2030-01-02T03:04:05.000Z';
    const updated = await patch(t(), owner, ticket.id, { priority: 'urgent', dueAt: due, visibleToVisitor: true, version: 1 });
    expect(updated.body.ticket).toMatchObject({ priority: 'urgent', dueAt: due, visibleToVisitor: true, version: 2 });
    const cleared = await patch(t(), owner, ticket.id, { dueAt: null });
    expect(cleared.body.ticket.dueAt).toBeNull();
    expect((await patch(t(), owner, ticket.id, { priority: 'critical' })).status).toBe(422);
    expect((await patch(t(), owner, ticket.id, { dueAt: 'tomorrow' })).status).toBe(422);
    expect((await patch(t(), owner, ticket.id, { dueAt: 12 })).status).toBe(422);
    const activity = json(await t().app.inject({ method: 'GET', url: `/api/tickets/${ticket.id}/activity`, headers: owner.headers }));
    expect(activity.items.map((item: any) => item.kind)).toEqual(['created', 'priority_changed', 'due_changed', 'visibility_changed', 'due_changed']);
    expect(activity.items[1].data).toEqual({ from: 'normal', to: 'urgent' });
  });

  it('answers a PATCH that changes nothing with the same version and updatedAt, publishing nothing', async () => {
    const owner = await createOwner(t());
    const ticket = await create(t(), owner, 'Same');
    await patch(t(), owner, ticket.id, { tags: ['Billing'], priority: 'high' });
    const before = (await patch(t(), owner, ticket.id, { notes: 'n' })).body.ticket;
    const seen: LiveEvent[] = [];
    const stop = t().app.events.onOwner(owner.user.id, (event) => seen.push(event));
    const same = await patch(t(), owner, ticket.id, { title: 'Same', notes: 'n', priority: 'high', tags: ['billing'], status: 'new', version: before.version });
    stop();
    expect(same.status).toBe(200);
    expect(same.body.ticket).toEqual(before);
    expect(seen).toEqual([]);
  });

  it('sorts by updated, created, number, priority and due, both ways, page by page without repeats or gaps', async () => {
    const owner = await createOwner(t());
    const ids: string[] = [];
    for (let i = 1; i <= 6; i++) ids.push((await create(t(), owner, `T${i}`)).id);
    const priorities = ['low', 'urgent', 'normal', 'urgent', 'high', 'low'];
    const dues = ['2031-01-01T00:00:00.000Z', null, '2030-01-01T00:00:00.000Z', '2030-01-01T00:00:00.000Z', null, '2029-06-01T00:00:00.000Z'];
    for (let i = 0; i < 6; i++) await patch(t(), owner, ids[i]!, { priority: priorities[i], dueAt: dues[i] });
    // Known update times: #3 most recent, then #1, then the rest by number.
    const base = Date.now();
    for (let i = 0; i < 6; i++) await t().app.db.updateTable('tickets').set({ updated_at: base + (i === 2 ? 100 : i === 0 ? 50 : i) }).where('id', '=', ids[i]!).execute();
    expect(await walk(t(), owner, 'sort=number')).toEqual([6, 5, 4, 3, 2, 1]);
    expect(await walk(t(), owner, 'sort=number&order=asc')).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await walk(t(), owner, 'sort=created&order=asc')).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await walk(t(), owner, 'sort=updated')).toEqual([3, 1, 6, 5, 4, 2]);
    expect(await walk(t(), owner, 'sort=updated&order=asc')).toEqual([2, 4, 5, 6, 1, 3]);
    expect(await walk(t(), owner, 'sort=priority')).toEqual([4, 2, 5, 3, 6, 1]);
    expect(await walk(t(), owner, 'sort=priority&order=asc')).toEqual([1, 6, 3, 5, 2, 4]);
    // Soonest first; no due date last.
    expect(await walk(t(), owner, 'sort=due')).toEqual([6, 3, 4, 1, 2, 5]);
    expect(await walk(t(), owner, 'sort=due&order=desc')).toEqual([5, 2, 1, 4, 3, 6]);
    expect(await walk(t(), owner, 'sort=priority&priority=low', 1)).toEqual([6, 1]);
  });

  it('filters due=overdue|today|week and priority, and lists notesPreview instead of notes, never the transcript', async () => {
    const owner = await createOwner(t());
    const day = 86_400_000;
    const now = Date.now();
    const today = Math.floor(now / day) * day;
    const make = async (title: string, dueAt: number | null, status?: string) => {
      const ticket = await create(t(), owner, title);
      await patch(t(), owner, ticket.id, { dueAt: dueAt === null ? null : new Date(dueAt).toISOString(), ...(status ? { status } : {}) });
      return ticket;
    };
    await make('late', today - 1);
    await make('late but closed', today - 1, 'closed');
    await make('end of today', today + day - 1);
    await make('in five days', today + 5 * day);
    await make('next month', today + 30 * day);
    await make('no date', null);
    const titles = async (query: string) => (await list(t(), owner, query)).body.items.map((item: any) => item.title).sort();
    expect(await titles('status=all&due=overdue')).toEqual(['late']);
    expect(await titles('status=all&due=today')).toEqual(['end of today']);
    expect(await titles('status=all&due=week')).toEqual(['end of today', 'in five days']);
    const long = 'x'.repeat(250);
    const ticket = await create(t(), owner, 'notes');
    await patch(t(), owner, ticket.id, { notes: long, priority: 'high' });
    const [item] = (await list(t(), owner, 'priority=high')).body.items;
    expect(item.notesPreview).toBe('x'.repeat(200));
    expect(item).not.toHaveProperty('notes');
    expect(item).not.toHaveProperty('transcript');
    expect((await list(t(), owner, 'priority=urgent')).body.items).toEqual([]);
  });

  it('refuses tampered cursors, a cursor of another sort, and unknown sorts, priorities and due filters (422)', async () => {
    const owner = await createOwner(t());
    for (let i = 0; i < 3; i++) await create(t(), owner, `T${i}`);
    const first = (await list(t(), owner, 'sort=updated&limit=1')).body;
    expect((await list(t(), owner, `sort=priority&limit=1&cursor=${first.nextCursor}`)).status).toBe(422);
    const tampered = Buffer.from(JSON.stringify({ s: 'updated', o: 'desc', k: 'x', n: 1 })).toString('base64url');
    expect((await list(t(), owner, `sort=updated&cursor=${tampered}`)).status).toBe(422);
    expect((await list(t(), owner, 'cursor=%%%')).status).toBe(422);
    const cursor = (position: object) => Buffer.from(JSON.stringify(position)).toString('base64url');
    // Numbers the database would refuse (a 500) are refused here: huge, fractional, negative, a rank outside 0..3.
    for (const bad of [
      { s: 'priority', o: 'desc', k: 1796102386594, n: 1 }, { s: 'updated', o: 'desc', k: 1.5, n: 1 },
      { s: 'updated', o: 'desc', k: 1e300, n: 1 }, { s: 'number', o: 'desc', k: 1, n: -1 },
    ]) expect((await list(t(), owner, `sort=${bad.s}&cursor=${cursor(bad)}`)).status).toBe(422);
    expect((await list(t(), owner, `q=T0&cursor=${cursor({ c: 1e300, o: 0, h: 0 })}`)).status).toBe(422);
    expect((await list(t(), owner, `q=T0&cursor=${cursor({ c: 5, o: 0.5, h: 0 })}`)).status).toBe(422);
    expect((await list(t(), owner, 'sort=random')).status).toBe(422);
    expect((await list(t(), owner, 'order=up')).status).toBe(422);
    expect((await list(t(), owner, 'priority=critical')).status).toBe(422);
    expect((await list(t(), owner, 'due=yesterday')).status).toBe(422);
  });
});
