import { expect, it } from 'vitest';
import { describeEachEngine, json, type TestApp } from '../test/app.js';
import { createOwner, insertConversation, insertSubmission, type TestOwner } from '../test/factories.js';

async function createTicket(t: TestApp, owner: TestOwner, body: Record<string, unknown>) {
  const response = await t.app.inject({ method: 'POST', url: '/api/tickets', headers: owner.headers, payload: body });
  return { status: response.statusCode, body: json(response) };
}

describeEachEngine('tickets: duplicates and tickets by hand', (t) => {
  it('refuses a second ticket from the same conversation with 409 ticket_exists and the newest ticket, unless allowDuplicate', async () => {
    const owner = await createOwner(t());
    const conversationId = await insertConversation(t(), owner, { visitorName: 'Jane' });
    const first = await createTicket(t(), owner, { conversationId });
    expect(first.status).toBe(201);
    const again = await createTicket(t(), owner, { conversationId });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ticket_exists');
    expect(again.body.ticket).toEqual(first.body.ticket);
    const second = await createTicket(t(), owner, { conversationId, allowDuplicate: true });
    expect(second.status).toBe(201);
    expect(second.body.ticket.number).toBe(2);
    // The newest existing one is offered.
    const third = await createTicket(t(), owner, { conversationId, title: 'Other' });
    expect(third.status).toBe(409);
    expect(third.body.ticket.number).toBe(2);
    const count = await t().app.db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).where('owner_id', '=', owner.user.id).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2);
  });

  it('refuses a duplicate from a submission too; another owner’s ticket for an id never counts', async () => {
    const owner = await createOwner(t());
    const submissionId = await insertSubmission(t(), owner, { visitorName: 'Ola' });
    const first = await createTicket(t(), owner, { formSubmissionId: submissionId });
    const again = await createTicket(t(), owner, { formSubmissionId: submissionId });
    expect(again.status).toBe(409);
    expect(again.body.ticket.id).toBe(first.body.ticket.id);
    const other = await createOwner(t());
    const theirs = await insertSubmission(t(), other, { visitorName: 'X' });
    expect((await createTicket(t(), other, { formSubmissionId: theirs })).status).toBe(201);
    expect((await createTicket(t(), owner, { formSubmissionId: theirs })).status).toBe(404);
  });

  it('makes one ticket only when two promotions of one source race', async () => {
    const owner = await createOwner(t());
    const conversationId = await insertConversation(t(), owner);
    const results = await Promise.all(Array.from({ length: 5 }, () => createTicket(t(), owner, { conversationId })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
  });

  it('shows the tickets of each submission on the submissions list', async () => {
    const owner = await createOwner(t());
    const a = await insertSubmission(t(), owner, { visitorName: 'A' });
    const b = await insertSubmission(t(), owner, { visitorName: 'B' });
    const ticket = (await createTicket(t(), owner, { formSubmissionId: a })).body.ticket;
    const list = json(await t().app.inject({ method: 'GET', url: '/api/submissions', headers: owner.headers }));
    const byId = new Map(list.items.map((item: any) => [item.id, item.tickets]));
    expect(byId.get(a)).toEqual([{ id: ticket.id, number: 1, title: 'A', status: 'new' }]);
    expect(byId.get(b)).toEqual([]);
  });

  it('makes a ticket by hand: title, optional visitor and notes, no source and no transcript', async () => {
    const owner = await createOwner(t());
    const { status, body } = await createTicket(t(), owner, {
      title: '  Phone call: refund  ', visitor: { name: 'Caller', email: 'caller@example.com' }, notes: 'Called at 10:00',
    });
    expect(status).toBe(201);
    expect(body.ticket).toMatchObject({
      number: 1, title: 'Phone call: refund', status: 'new', notes: 'Called at 10:00', source: null, transcript: null,
      conversationId: null, formSubmissionId: null, visitor: { name: 'Caller', email: 'caller@example.com' }, priority: 'normal', dueAt: null, visibleToVisitor: false,
    });
    const bare = await createTicket(t(), owner, { title: 'Email from a customer' });
    expect(bare.body.ticket).toMatchObject({ number: 2, visitor: null, notes: '', source: null });
    const fetched = json(await t().app.inject({ method: 'GET', url: `/api/tickets/${body.ticket.id}`, headers: owner.headers }));
    expect(fetched.ticket).toEqual(body.ticket);
    const activity = json(await t().app.inject({ method: 'GET', url: `/api/tickets/${body.ticket.id}/activity`, headers: owner.headers }));
    expect(activity.items[0]).toMatchObject({ kind: 'created', data: { source: null } });
  });

  it('refuses a hand-made ticket without a title, a bad email, and visitor/notes next to a source (422)', async () => {
    const owner = await createOwner(t());
    expect((await createTicket(t(), owner, {})).status).toBe(422);
    expect((await createTicket(t(), owner, { title: '   ' })).status).toBe(422);
    expect((await createTicket(t(), owner, { visitor: { name: 'x' } })).status).toBe(422);
    expect((await createTicket(t(), owner, { title: 'x', visitor: { email: 'not-an-email' } })).status).toBe(422);
    const conversationId = await insertConversation(t(), owner);
    expect((await createTicket(t(), owner, { conversationId, notes: 'x' })).status).toBe(422);
    const count = await t().app.db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).where('owner_id', '=', owner.user.id).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });
});
