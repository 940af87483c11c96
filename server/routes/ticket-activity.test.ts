import { expect, it } from 'vitest';
import { describeEachEngine, json } from '../test/app.js';
import { createOwner, insertConversation, insertSubmission, type TestOwner } from '../test/factories.js';
import { addTeammate } from '../test/team.js';
import { createTicket, uploadFile } from '../test/uploads.js';

describeEachEngine('tickets: timeline', (t) => {
  const patch = async (person: TestOwner, id: string, payload: object) => {
    const response = await t().app.inject({ method: 'PATCH', url: `/api/tickets/${id}`, headers: person.headers, payload });
    expect(response.statusCode, response.body).toBe(200);
    return json(response).ticket;
  };
  const activity = async (person: TestOwner, id: string, query = '') => {
    const response = await t().app.inject({ method: 'GET', url: `/api/tickets/${id}/activity${query}`, headers: person.headers });
    expect(response.statusCode, response.body).toBe(200);
    return json(response);
  };

  it('records every kind of change, oldest first, with who made it', async () => {
    const owner = await createOwner(t(), { name: 'Owen' });
    const mate = await addTeammate(t(), owner, 'Mia');
    const submissionId = await insertSubmission(t(), owner, { visitorName: 'Sue' });
    const created = await t().app.inject({ method: 'POST', url: '/api/tickets', headers: mate.headers, payload: { formSubmissionId: submissionId } });
    const ticket = json(created).ticket;

    await patch(mate, ticket.id, { status: 'in_progress' }); // also assigns Mia
    await patch(owner, ticket.id, { title: 'Refund for Sue', tags: ['refund', 'billing'] });
    await patch(owner, ticket.id, { notes: 'secret handoff details', tags: ['refund'] });
    await patch(mate, ticket.id, { assigneeId: owner.user.id, status: 'closed' });
    // Repeating current values changes nothing worth recording.
    await patch(mate, ticket.id, { status: 'closed', title: 'Refund for Sue', tags: ['refund'] });

    const { items, nextCursor } = await activity(owner, ticket.id);
    expect(nextCursor).toBeNull();
    const owen = { id: owner.user.id, name: 'Owen' };
    const mia = { id: mate.user.id, name: 'Mia' };
    expect(items.map((item: any) => ({ kind: item.kind, actor: item.actor, data: item.data }))).toEqual([
      { kind: 'created', actor: mia, data: { source: { type: 'form_submission', id: submissionId } } },
      { kind: 'status_changed', actor: mia, data: { from: 'new', to: 'in_progress' } },
      { kind: 'assignee_changed', actor: mia, data: { from: null, to: mia } },
      { kind: 'title_changed', actor: owen, data: { from: 'Sue', to: 'Refund for Sue' } },
      { kind: 'tags_changed', actor: owen, data: { added: ['billing', 'refund'], removed: [] } },
      { kind: 'tags_changed', actor: owen, data: { added: [], removed: ['billing'] } },
      { kind: 'notes_edited', actor: owen, data: {} },
      { kind: 'status_changed', actor: mia, data: { from: 'in_progress', to: 'closed' } },
      { kind: 'assignee_changed', actor: mia, data: { from: mia, to: owen } },
    ]);
    for (const item of items) {
      expect(item.id).toEqual(expect.any(String));
      expect(Date.parse(item.createdAt)).toBeGreaterThan(0);
    }
    expect(JSON.stringify(items)).not.toContain('secret handoff');
  });

  it('records attachments added and removed, with the filename and who did it', async () => {
    const owner = await createOwner(t(), { name: 'Owen' });
    const mate = await addTeammate(t(), owner, 'Mia');
    const ticket = await createTicket(t(), owner);
    const upload = await uploadFile(t(), mate, ticket.id, { content: Buffer.from('steps to reproduce\n'), filename: 'repro.txt' });
    expect(upload.statusCode).toBe(201);
    const attachment = json(upload).attachment;
    expect((await t().app.inject({ method: 'DELETE', url: `/api/tickets/${ticket.id}/attachments/${attachment.id}`, headers: owner.headers })).statusCode).toBe(204);

    const items = (await activity(owner, ticket.id)).items.map((item: any) => ({ kind: item.kind, actor: item.actor?.name, data: item.data }));
    expect(items.slice(1)).toEqual([
      { kind: 'attachment_added', actor: 'Mia', data: { attachmentId: attachment.id, filename: 'repro.txt' } },
      { kind: 'attachment_removed', actor: 'Owen', data: { attachmentId: attachment.id, filename: 'repro.txt' } },
    ]);
  });

  it('pages oldest first by cursor, and answers another workspace’s ticket with 404', async () => {
    const owner = await createOwner(t());
    const ticket = json(await t().app.inject({ method: 'POST', url: '/api/tickets', headers: owner.headers, payload: { conversationId: await insertConversation(t(), owner) } })).ticket;
    for (const title of ['one', 'two', 'three', 'four']) await patch(owner, ticket.id, { title });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await activity(owner, ticket.id, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item: any) => (item.kind === 'created' ? 'created' : item.data.to)));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['created', 'one', 'two', 'three', 'four']);

    const other = await createOwner(t());
    expect((await t().app.inject({ method: 'GET', url: `/api/tickets/${ticket.id}/activity`, headers: other.headers })).statusCode).toBe(404);
    expect((await t().app.inject({ method: 'GET', url: `/api/tickets/${ticket.id}/activity?cursor=nope`, headers: owner.headers })).statusCode).toBe(422);
  });

  it('records a deleted tag and a removed teammate’s unassignment on each ticket, by the person who did it', async () => {
    const owner = await createOwner(t(), { name: 'Owen' });
    const mate = await addTeammate(t(), owner, 'Max');
    const ticket = json(await t().app.inject({ method: 'POST', url: '/api/tickets', headers: owner.headers, payload: { conversationId: await insertConversation(t(), owner) } })).ticket;
    await patch(owner, ticket.id, { tags: ['temporary'], assigneeId: mate.user.id });
    const tag = json(await t().app.inject({ method: 'GET', url: '/api/tags', headers: owner.headers })).items[0];
    await t().app.inject({ method: 'DELETE', url: `/api/tags/${tag.id}`, headers: mate.headers });
    await t().app.inject({ method: 'DELETE', url: `/api/team/members/${mate.user.id}`, headers: owner.headers });

    const items = (await activity(owner, ticket.id)).items.slice(-2);
    expect(items).toEqual([
      expect.objectContaining({ kind: 'tags_changed', actor: { id: mate.user.id, name: 'Max' }, data: { added: [], removed: ['temporary'], reason: 'tag_deleted' } }),
      expect.objectContaining({
        kind: 'assignee_changed', actor: { id: owner.user.id, name: 'Owen' },
        data: { from: { id: mate.user.id, name: 'Max' }, to: null, reason: 'member_removed' },
      }),
    ]);
  });
});
