import { expect, it } from 'vitest';
import { newId } from '../lib/ids.js';
import { describeEachEngine, json, type TestApp } from '../test/app.js';
import { createOwner, insertConversation, type TestOwner } from '../test/factories.js';

const HOUR = 3_600_000;
const WINDOW = 'from=2026-03-02T00:00:00.000Z&to=2026-03-16T00:00:00.000Z';
const report = async (t: TestApp, owner: TestOwner, path: string) => {
  const response = await t.app.inject({ method: 'GET', url: path, headers: owner.headers });
  return { status: response.statusCode, body: json(response) };
};

/** A ticket made through the API, then moved to known times. */
async function ticketAt(t: TestApp, owner: TestOwner, created: number, closed: number | null, extra: Record<string, unknown> = {}) {
  const { ticket } = json(await t.app.inject({ method: 'POST', url: '/api/tickets', headers: owner.headers, payload: { title: 'x' } }));
  if (closed !== null || Object.keys(extra).length) {
    await t.app.inject({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, headers: owner.headers, payload: { ...(closed !== null ? { status: 'closed' } : {}), ...extra } });
  }
  await t.app.db.updateTable('tickets').set({ created_at: created, closed_at: closed }).where('id', '=', ticket.id).execute();
  return ticket;
}

describeEachEngine('reports: volume, first response, resolution groups', (t) => {
  it('counts tickets created and closed per ISO week', async () => {
    const owner = await createOwner(t());
    await ticketAt(t(), owner, Date.UTC(2026, 2, 2, 9), Date.UTC(2026, 2, 9, 9));
    await ticketAt(t(), owner, Date.UTC(2026, 2, 8, 23), null);
    await ticketAt(t(), owner, Date.UTC(2026, 2, 10, 9), Date.UTC(2026, 2, 11, 9));
    await ticketAt(t(), owner, Date.UTC(2026, 1, 20), Date.UTC(2026, 2, 3)); // created before the window, closed in it
    const { body } = await report(t(), owner, `/api/reports/volume?${WINDOW}`);
    expect(body.weeks).toEqual([
      { week: '2026-03-02T00:00:00.000Z', created: 2, closed: 1 },
      { week: '2026-03-09T00:00:00.000Z', created: 1, closed: 2 },
    ]);
    expect((await report(t(), owner, '/api/reports/volume?from=2026-03-10T00:00:00.000Z&to=2026-03-01T00:00:00.000Z')).status).toBe(422);
    expect((await report(t(), owner, '/api/reports/volume?from=yesterday')).status).toBe(422);
  });

  it('measures first response from the first visitor message to the first teammate reply, per teammate', async () => {
    const owner = await createOwner(t(), { name: 'Owner' });
    const mate = await createOwner(t(), { name: 'Mate' });
    // Mate works in the owner's workspace.
    await t().app.db.insertInto('workspace_members').values({ owner_id: owner.user.id, user_id: mate.user.id, role: 'member', created_at: 1, last_active_at: 1 }).execute();
    const start = Date.UTC(2026, 2, 3, 10);
    const conversation = async (replies: { after: number; by: string }[], at = start) => {
      const id = await insertConversation(t(), owner, { messages: [] });
      await t().app.db.updateTable('conversations').set({ created_at: at }).where('id', '=', id).execute();
      const rows = [
        { id: newId(), owner_id: owner.user.id, conversation_id: id, author: 'visitor' as const, author_user_id: null, body: 'hi', created_at: at },
        ...replies.map((r) => ({ id: newId(), owner_id: owner.user.id, conversation_id: id, author: 'owner' as const, author_user_id: r.by, body: 'reply', created_at: at + r.after })),
      ];
      await t().app.db.insertInto('messages').values(rows).execute();
    };
    await conversation([{ after: 60_000, by: owner.user.id }, { after: 120_000, by: mate.user.id }]); // 60 s, owner first
    await conversation([{ after: 180_000, by: owner.user.id }]); // 180 s
    await conversation([{ after: 600_000, by: mate.user.id }]); // 600 s
    await conversation([]); // unanswered: not counted
    await conversation([{ after: 5_000, by: owner.user.id }], Date.UTC(2026, 1, 1)); // outside the window
    const { body } = await report(t(), owner, `/api/reports/first-response?${WINDOW}`);
    expect(body).toMatchObject({ count: 3, medianSeconds: 180, p90Seconds: 180 + 0.8 * 420 });
    expect(body.byAssignee).toEqual([
      { userId: owner.user.id, name: 'Owner', count: 2, medianSeconds: 120, p90Seconds: 60 + 0.9 * 120 },
      { userId: mate.user.id, name: 'Mate', count: 1, medianSeconds: 600, p90Seconds: 600 },
    ]);
  });

  it('groups resolution time by assignee or by tag', async () => {
    const owner = await createOwner(t(), { name: 'Owner' });
    await ticketAt(t(), owner, Date.UTC(2026, 2, 3, 10), Date.UTC(2026, 2, 3, 11), { assigneeId: owner.user.id, tags: ['billing', 'vip'] });
    await ticketAt(t(), owner, Date.UTC(2026, 2, 3, 10), Date.UTC(2026, 2, 3, 13), { assigneeId: owner.user.id, tags: ['billing'] });
    await ticketAt(t(), owner, Date.UTC(2026, 2, 4, 10), Date.UTC(2026, 2, 4, 20));
    const byAssignee = (await report(t(), owner, `/api/reports/resolution?${WINDOW}&groupBy=assignee`)).body.groups;
    expect(byAssignee).toEqual([
      { key: owner.user.id, name: 'Owner', count: 2, medianSeconds: 2 * HOUR / 1000 },
      { key: 'none', name: 'Unassigned', count: 1, medianSeconds: 10 * HOUR / 1000 },
    ]);
    const byTag = (await report(t(), owner, `/api/reports/resolution?${WINDOW}&groupBy=tag`)).body.groups;
    expect(byTag.map((g: any) => [g.name, g.count, g.medianSeconds])).toEqual([['billing', 2, 7200], ['No tag', 1, 36000], ['vip', 1, 3600]]);
    expect((await report(t(), owner, `/api/reports/resolution?${WINDOW}&groupBy=status`)).status).toBe(422);
    expect((await report(t(), owner, `/api/reports/resolution?${WINDOW}`)).body).not.toHaveProperty('groups');
  });
});
