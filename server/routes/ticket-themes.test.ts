import { expect, it } from 'vitest';
import { describeEachEngine, json, type TestApp } from '../test/app.js';
import { createOwner, insertConversation, type TestOwner } from '../test/factories.js';
import { addTeammate } from '../test/team.js';

async function newTicket(t: TestApp, person: TestOwner, owner: TestOwner, changes: Record<string, unknown> = {}, visitorName = 'Visitor') {
  const conversationId = await insertConversation(t, owner, { visitorName });
  const created = json(await t.app.inject({ method: 'POST', url: '/api/tickets', headers: person.headers, payload: { conversationId } })).ticket;
  if (Object.keys(changes).length === 0) return created;
  const response = await t.app.inject({ method: 'PATCH', url: `/api/tickets/${created.id}`, headers: person.headers, payload: changes });
  if (response.statusCode !== 200) throw new Error(`patch failed: ${response.statusCode} ${response.body}`);
  return json(response).ticket;
}

describeEachEngine('tickets: assignee and tags', (t) => {
  const patch = (person: TestOwner, id: string, payload: object) => t().app.inject({ method: 'PATCH', url: `/api/tickets/${id}`, headers: person.headers, payload });
  const ids = async (person: TestOwner, query: string) => {
    const response = await t().app.inject({ method: 'GET', url: `/api/tickets?${query}`, headers: person.headers });
    expect(response.statusCode, query).toBe(200);
    return json(response).items.map((ticket: any) => ticket.id).sort();
  };

  it('assigns teammates or the owner, unassigns with null, and refuses anyone outside the workspace (422)', async () => {
    const owner = await createOwner(t(), { name: 'Owen' });
    const mate = await addTeammate(t(), owner, 'Mia');
    const stranger = await createOwner(t());
    const ticket = await newTicket(t(), owner, owner);
    expect(ticket).toMatchObject({ assigneeId: null, assignee: null, tags: [] });

    expect(json(await patch(owner, ticket.id, { assigneeId: mate.user.id })).ticket.assignee).toEqual({ id: mate.user.id, name: 'Mia' });
    expect(json(await patch(mate, ticket.id, { assigneeId: owner.user.id })).ticket.assignee).toEqual({ id: owner.user.id, name: 'Owen' });
    for (const bad of [stranger.user.id, 'no-such-user']) {
      const response = await patch(owner, ticket.id, { assigneeId: bad });
      expect(response.statusCode).toBe(422);
      expect(json(response).error).toMatchObject({ code: 'validation_failed', field: 'assigneeId' });
    }
    const cleared = json(await patch(owner, ticket.id, { assigneeId: null })).ticket;
    expect(cleared).toMatchObject({ assigneeId: null, assignee: null });
  });

  it('assigns the mover when a ticket enters in_progress unassigned, and keeps an existing or explicit assignee', async () => {
    const owner = await createOwner(t());
    const mate = await addTeammate(t(), owner);
    const one = await newTicket(t(), owner, owner);
    expect(json(await patch(mate, one.id, { status: 'in_progress' })).ticket.assigneeId).toBe(mate.user.id);
    // Already assigned: moving it again (new → in_progress) keeps the assignee.
    await patch(owner, one.id, { status: 'new' });
    expect(json(await patch(owner, one.id, { status: 'in_progress' })).ticket.assigneeId).toBe(mate.user.id);

    const two = await newTicket(t(), owner, owner);
    expect(json(await patch(owner, two.id, { status: 'in_progress', assigneeId: null })).ticket.assigneeId).toBeNull();
    const three = await newTicket(t(), owner, owner);
    expect(json(await patch(owner, three.id, { status: 'closed' })).ticket.assigneeId).toBeNull();
  });

  it('filters by assignee (me, none, a user id) combined with status', async () => {
    const owner = await createOwner(t());
    const mate = await addTeammate(t(), owner);
    const mine = await newTicket(t(), owner, owner, { assigneeId: owner.user.id });
    const theirs = await newTicket(t(), owner, owner, { assigneeId: mate.user.id });
    const theirsClosed = await newTicket(t(), owner, owner, { assigneeId: mate.user.id, status: 'closed' });
    const nobodys = await newTicket(t(), owner, owner);

    expect(await ids(owner, 'assignee=me')).toEqual([mine.id]);
    expect(await ids(mate, 'assignee=me')).toEqual([theirs.id]);
    expect(await ids(mate, 'assignee=me&status=all')).toEqual([theirs.id, theirsClosed.id].sort());
    expect(await ids(owner, `assignee=${mate.user.id}&status=closed`)).toEqual([theirsClosed.id]);
    expect(await ids(owner, 'assignee=none')).toEqual([nobodys.id]);
    expect(await ids(owner, 'assignee=someone-else')).toEqual([]);
    expect(await ids(owner, 'status=all')).toHaveLength(4);
  });

  it('sets tags by name: created on the fly, trimmed, case-insensitively unique, sorted; limits answer 422', async () => {
    const owner = await createOwner(t());
    const ticket = await newTicket(t(), owner, owner);
    const tagged = json(await patch(owner, ticket.id, { tags: ['  Billing ', 'bug', 'BILLING', 'refund   request'] })).ticket;
    expect(tagged.tags).toEqual(['Billing', 'bug', 'refund request']);
    expect(tagged.version).toBe(ticket.version + 1);
    // An existing tag keeps its spelling; another ticket reuses it.
    const other = await newTicket(t(), owner, owner, { tags: ['billing'] });
    expect(other.tags).toEqual(['Billing']);
    expect(json(await patch(owner, ticket.id, { tags: ['bug'] })).ticket.tags).toEqual(['bug']);

    for (const tags of [[''], ['   '], ['x'.repeat(51)], Array.from({ length: 21 }, (_, i) => `t${i}`), ['bad\u0000name']]) {
      const response = await patch(owner, ticket.id, { tags });
      expect(response.statusCode, JSON.stringify(tags).slice(0, 40)).toBe(422);
    }
    expect(json(await patch(owner, ticket.id, { tags: Array.from({ length: 20 }, (_, i) => `t${i}`) })).ticket.tags).toHaveLength(20);
    expect(json(await patch(owner, ticket.id, { tags: ['é'.repeat(50)] })).ticket.tags).toEqual(['é'.repeat(50)]);
    expect(json(await patch(owner, ticket.id, { tags: [] })).ticket.tags).toEqual([]);
  });

  it('filters by tag combined with status, assignee and q; the overview counts open and closed tickets per tag', async () => {
    const owner = await createOwner(t());
    const mate = await addTeammate(t(), owner);
    const openBilling = await newTicket(t(), owner, owner, { tags: ['billing'], notes: 'invoice is wrong' });
    const closedBilling = await newTicket(t(), owner, owner, { tags: ['Billing', 'bug'], notes: 'invoice fixed', status: 'closed' });
    const matesBilling = await newTicket(t(), owner, owner, { tags: ['billing'], assigneeId: mate.user.id, notes: 'refund asked' });
    const bugOnly = await newTicket(t(), owner, owner, { tags: ['bug'], notes: 'invoice page crashes' });

    expect(await ids(owner, 'tag=BILLING')).toEqual([openBilling.id, matesBilling.id].sort());
    expect(await ids(owner, 'tag=billing&status=closed')).toEqual([closedBilling.id]);
    expect(await ids(owner, 'tag=billing&status=all')).toEqual([openBilling.id, closedBilling.id, matesBilling.id].sort());
    expect(await ids(owner, `tag=billing&assignee=${mate.user.id}`)).toEqual([matesBilling.id]);
    expect(await ids(mate, 'tag=billing&assignee=none&status=all')).toEqual([openBilling.id, closedBilling.id].sort());
    expect(await ids(owner, 'tag=billing&q=invoice')).toEqual([openBilling.id, closedBilling.id].sort());
    expect(await ids(owner, 'tag=billing&q=invoice&status=open')).toEqual([openBilling.id]);
    expect(await ids(owner, 'tag=bug&q=invoice&status=all&assignee=none')).toEqual([closedBilling.id, bugOnly.id].sort());
    expect(await ids(owner, 'tag=nonexistent&status=all')).toEqual([]);
    // Tag names are searchable words too.
    expect(await ids(owner, 'q=billing')).toEqual([openBilling.id, closedBilling.id, matesBilling.id].sort());

    const overview = json(await t().app.inject({ method: 'GET', url: '/api/tags', headers: mate.headers }));
    expect(overview.items.map((tag: any) => [tag.name, tag.openCount, tag.closedCount])).toEqual([['billing', 2, 1], ['bug', 1, 1]]);
    expect(overview.nextCursor).toBeNull();
    const first = json(await t().app.inject({ method: 'GET', url: '/api/tags?limit=1', headers: owner.headers }));
    expect(first.items.map((tag: any) => tag.name)).toEqual(['billing']);
    const second = json(await t().app.inject({ method: 'GET', url: `/api/tags?limit=1&cursor=${first.nextCursor}`, headers: owner.headers }));
    expect(second.items.map((tag: any) => tag.name)).toEqual(['bug']);
    expect((await t().app.inject({ method: 'GET', url: '/api/tags?cursor=garbage', headers: owner.headers })).statusCode).toBe(422);
  });

  it('renames a tag everywhere (tickets and search); a clash is 409, a case-only rename is fine', async () => {
    const owner = await createOwner(t());
    const one = await newTicket(t(), owner, owner, { tags: ['feature', 'ux'] });
    const two = await newTicket(t(), owner, owner, { tags: ['feature'], status: 'closed' });
    const tags = json(await t().app.inject({ method: 'GET', url: '/api/tags', headers: owner.headers })).items;
    const feature = tags.find((tag: any) => tag.name === 'feature');

    const clash = await t().app.inject({ method: 'PATCH', url: `/api/tags/${feature.id}`, headers: owner.headers, payload: { name: ' UX ' } });
    expect(clash.statusCode).toBe(409);
    expect(json(clash).error.code).toBe('tag_exists');
    const renamed = await t().app.inject({ method: 'PATCH', url: `/api/tags/${feature.id}`, headers: owner.headers, payload: { name: 'roadmap idea' } });
    expect(renamed.statusCode).toBe(200);
    expect(json(renamed).tag).toMatchObject({ id: feature.id, name: 'roadmap idea', openCount: 1, closedCount: 1 });

    const now = json(await t().app.inject({ method: 'GET', url: `/api/tickets/${one.id}`, headers: owner.headers })).ticket;
    expect(now.tags).toEqual(['roadmap idea', 'ux']);
    expect(now.version).toBe(one.version + 1);
    expect(await ids(owner, 'q=roadmap')).toEqual([one.id, two.id].sort());
    expect(await ids(owner, 'q=feature')).toEqual([]);
    expect(await ids(owner, 'tag=roadmap%20idea&status=all')).toEqual([one.id, two.id].sort());

    const caseOnly = await t().app.inject({ method: 'PATCH', url: `/api/tags/${feature.id}`, headers: owner.headers, payload: { name: 'Roadmap Idea' } });
    expect(json(caseOnly).tag.name).toBe('Roadmap Idea');
    expect((await t().app.inject({ method: 'PATCH', url: `/api/tags/${feature.id}`, headers: owner.headers, payload: { name: '  ' } })).statusCode).toBe(422);
  });

  it('deletes a tag from every ticket and from search', async () => {
    const owner = await createOwner(t());
    const one = await newTicket(t(), owner, owner, { tags: ['obsolete', 'keep'] });
    const two = await newTicket(t(), owner, owner, { tags: ['obsolete'] });
    const obsolete = json(await t().app.inject({ method: 'GET', url: '/api/tags', headers: owner.headers })).items.find((tag: any) => tag.name === 'obsolete');
    expect((await t().app.inject({ method: 'DELETE', url: `/api/tags/${obsolete.id}`, headers: owner.headers })).statusCode).toBe(204);
    expect((await t().app.inject({ method: 'DELETE', url: `/api/tags/${obsolete.id}`, headers: owner.headers })).statusCode).toBe(404);
    expect(json(await t().app.inject({ method: 'GET', url: `/api/tickets/${one.id}`, headers: owner.headers })).ticket.tags).toEqual(['keep']);
    expect(json(await t().app.inject({ method: 'GET', url: `/api/tickets/${two.id}`, headers: owner.headers })).ticket).toMatchObject({ tags: [], version: two.version + 1 });
    expect(await ids(owner, 'q=obsolete')).toEqual([]);
    expect(await ids(owner, 'q=keep')).toEqual([one.id]);
    expect(json(await t().app.inject({ method: 'GET', url: '/api/tags', headers: owner.headers })).items.map((tag: any) => tag.name)).toEqual(['keep']);
  });

  it('stays consistent when a tag is deleted while a ticket is being tagged with it (no 500, search agrees)', async () => {
    const owner = await createOwner(t());
    const holder = await newTicket(t(), owner, owner);
    for (let round = 0; round < 8; round++) {
      const target = await newTicket(t(), owner, owner);
      await patch(owner, holder.id, { tags: [`race${round}`] });
      const tag = json(await t().app.inject({ method: 'GET', url: '/api/tags', headers: owner.headers })).items.find((x: any) => x.name === `race${round}`);
      const [tagging, deleting] = await Promise.all([
        patch(owner, target.id, { tags: [`race${round}`] }),
        t().app.inject({ method: 'DELETE', url: `/api/tags/${tag.id}`, headers: owner.headers }),
      ]);
      expect([200, 409], tagging.body).toContain(tagging.statusCode);
      expect(deleting.statusCode).toBe(204);
      const now = json(await t().app.inject({ method: 'GET', url: `/api/tickets/${target.id}`, headers: owner.headers })).ticket;
      // Tagged after the delete (the tag is made anew) or not at all; the search index says the same.
      expect(await ids(owner, `q=race${round}`)).toEqual(now.tags.length ? [target.id] : []);
    }
  });

  it('keeps tags per workspace: the same name in two workspaces is two tags', async () => {
    const a = await createOwner(t());
    const b = await createOwner(t());
    const ta = await newTicket(t(), a, a, { tags: ['vip'] });
    const tb = await newTicket(t(), b, b, { tags: ['VIP'] });
    expect(ta.tags).toEqual(['vip']);
    expect(tb.tags).toEqual(['VIP']);
    expect(await ids(a, 'tag=vip')).toEqual([ta.id]);
    expect(await ids(b, 'q=vip')).toEqual([tb.id]);
    const bTag = json(await t().app.inject({ method: 'GET', url: '/api/tags', headers: b.headers })).items[0];
    expect((await t().app.inject({ method: 'DELETE', url: `/api/tags/${bTag.id}`, headers: a.headers })).statusCode).toBe(404);
  });
});
