import { expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachEngine, json, type TestApp } from '../test/app.js';
import { createOwner, insertConversation, insertSubmission, type TestOwner } from '../test/factories.js';
import type { LiveEvent } from '../realtime/events.js';

async function createTicket(t: TestApp, owner: TestOwner, body: Record<string, unknown>) {
  const response = await t.app.inject({ method: 'POST', url: '/api/tickets', headers: owner.headers, payload: body });
  return { status: response.statusCode, body: json(response) };
}

async function patchTicket(t: TestApp, owner: TestOwner, id: string, body: Record<string, unknown>) {
  const response = await t.app.inject({ method: 'PATCH', url: `/api/tickets/${id}`, headers: owner.headers, payload: body });
  return { status: response.statusCode, body: json(response) };
}

describeEachEngine('tickets', (t) => {
  it('creates a ticket from a conversation, titled with the visitor name and linked back', async () => {
    const owner = await createOwner(t());
    const conversationId = await insertConversation(t(), owner, { visitorName: 'Jane Doe', visitorEmail: 'jane@example.com' });
    const { status, body } = await createTicket(t(), owner, { conversationId });
    expect(status).toBe(201);
    expect(body.ticket).toMatchObject({
      number: 1, title: 'Jane Doe', status: 'new', notes: '', version: 1,
      source: { type: 'conversation', id: conversationId, available: true },
      conversationId, formSubmissionId: null,
      visitor: { name: 'Jane Doe', email: 'jane@example.com' },
      closedAt: null, attachments: [],
    });
    expect(body.ticket.id).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  });

  it('pre-titles from the email, then the first visitor message; a given title wins', async () => {
    const owner = await createOwner(t());
    const byEmail = await insertConversation(t(), owner, { visitorEmail: 'sam@example.com' });
    expect((await createTicket(t(), owner, { conversationId: byEmail })).body.ticket.title).toBe('sam@example.com');
    const long = 'The checkout page crashes whenever I apply the discount code SPRING24 on my phone, every single time';
    const byMessage = await insertConversation(t(), owner, { messages: [long, 'second message'] });
    const title = (await createTicket(t(), owner, { conversationId: byMessage })).body.ticket.title;
    expect(title.endsWith('…')).toBe(true);
    expect(long.startsWith(title.slice(0, -1))).toBe(true);
    expect((await createTicket(t(), owner, { conversationId: byMessage, title: '  Refund for order 1234 ', allowDuplicate: true })).body.ticket.title).toBe('Refund for order 1234');
  });

  it('creates a ticket from a form submission, titled with the name, else the email', async () => {
    const owner = await createOwner(t());
    const named = await insertSubmission(t(), owner, { visitorName: 'Ola Nordmann', visitorEmail: 'ola@example.no' });
    const { status, body } = await createTicket(t(), owner, { formSubmissionId: named });
    expect(status).toBe(201);
    expect(body.ticket).toMatchObject({ title: 'Ola Nordmann', formSubmissionId: named, conversationId: null, source: { type: 'form_submission', id: named, available: true } });
    const emailOnly = await insertSubmission(t(), owner, { visitorEmail: 'anon@example.com' });
    expect((await createTicket(t(), owner, { formSubmissionId: emailOnly })).body.ticket.title).toBe('anon@example.com');
  });

  it('refuses a source of another owner or a missing one (404), and a body with neither or both (422)', async () => {
    const owner = await createOwner(t());
    const other = await createOwner(t());
    const theirs = await insertConversation(t(), other);
    const theirSubmission = await insertSubmission(t(), other, { visitorName: 'X' });
    const a = await createTicket(t(), owner, { conversationId: theirs });
    const b = await createTicket(t(), owner, { conversationId: 'missing' });
    expect(a.status).toBe(404);
    expect(a.body).toEqual(b.body);
    expect((await createTicket(t(), owner, { formSubmissionId: theirSubmission })).status).toBe(404);
    expect((await createTicket(t(), owner, {})).status).toBe(422);
    expect((await createTicket(t(), owner, { conversationId: theirs, formSubmissionId: theirSubmission })).status).toBe(422);
    expect((await createTicket(t(), owner, { conversationId: theirs, title: '   ' })).status).toBe(422);
  });

  it('walks the status new → in_progress → closed → reopened, setting and clearing closedAt', async () => {
    const owner = await createOwner(t());
    const { body } = await createTicket(t(), owner, { conversationId: await insertConversation(t(), owner) });
    const id = body.ticket.id;
    const progress = await patchTicket(t(), owner, id, { status: 'in_progress', version: 1 });
    expect(progress.body.ticket).toMatchObject({ status: 'in_progress', closedAt: null, version: 2 });
    const closed = await patchTicket(t(), owner, id, { status: 'closed', version: 2 });
    expect(closed.body.ticket.status).toBe('closed');
    expect(Date.parse(closed.body.ticket.closedAt)).toBeGreaterThanOrEqual(Date.parse(body.ticket.createdAt));
    const notesWhileClosed = await patchTicket(t(), owner, id, { notes: 'Fixed in 2.3', version: 3 });
    expect(notesWhileClosed.body.ticket.closedAt).toBe(closed.body.ticket.closedAt);
    const reopened = await patchTicket(t(), owner, id, { status: 'in_progress', version: 4 });
    expect(reopened.body.ticket).toMatchObject({ status: 'in_progress', closedAt: null, version: 5 });
    expect((await patchTicket(t(), owner, id, { status: 'new' })).body.ticket).toMatchObject({ status: 'new', closedAt: null });
  });

  it('answers an unknown status with 422 and changes nothing', async () => {
    const owner = await createOwner(t());
    const { body } = await createTicket(t(), owner, { conversationId: await insertConversation(t(), owner) });
    const response = await patchTicket(t(), owner, body.ticket.id, { status: 'resolved', version: 1 });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('validation_failed');
    const after = json(await t().app.inject({ method: 'GET', url: `/api/tickets/${body.ticket.id}`, headers: owner.headers }));
    expect(after.ticket).toMatchObject({ status: 'new', version: 1 });
  });

  it('keeps internal notes round-trip, limited to 100,000 characters', async () => {
    const owner = await createOwner(t());
    const { body } = await createTicket(t(), owner, { conversationId: await insertConversation(t(), owner) });
    const notes = 'Repro: apply code SPRING24 → 500.\nSee https://tracker.example/1234 — hand off to Bo ✅';
    expect((await patchTicket(t(), owner, body.ticket.id, { notes, version: 1 })).body.ticket.notes).toBe(notes);
    const read = json(await t().app.inject({ method: 'GET', url: `/api/tickets/${body.ticket.id}`, headers: owner.headers }));
    expect(read.ticket.notes).toBe(notes);
    expect((await patchTicket(t(), owner, body.ticket.id, { notes: 'x'.repeat(100_000), version: 2 })).status).toBe(200);
    expect((await patchTicket(t(), owner, body.ticket.id, { notes: 'x'.repeat(100_001), version: 3 })).status).toBe(422);
  });

  it('answers a stale version with 409 carrying the current ticket, so no edit is silently lost', async () => {
    const owner = await createOwner(t());
    const { body } = await createTicket(t(), owner, { conversationId: await insertConversation(t(), owner) });
    const id = body.ticket.id;
    expect((await patchTicket(t(), owner, id, { notes: 'Alice: refund approved', version: 1 })).status).toBe(200);
    const stale = await patchTicket(t(), owner, id, { notes: 'Bob: refund denied', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'version_conflict', ticket: { notes: 'Alice: refund approved', version: 2 } });
  });

  it('lets exactly one of two concurrent edits at the same version win', async () => {
    const owner = await createOwner(t());
    const { body } = await createTicket(t(), owner, { conversationId: await insertConversation(t(), owner) });
    const results = await Promise.all(['A', 'B', 'C'].map((who) => patchTicket(t(), owner, body.ticket.id, { notes: who, version: 1 })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
  });

  it('applies concurrent edits sent without a version one after another, never answering 409', async () => {
    const owner = await createOwner(t());
    const { body } = await createTicket(t(), owner, { conversationId: await insertConversation(t(), owner) });
    const statuses = ['in_progress', 'closed', 'new', 'in_progress', 'closed', 'new', 'in_progress', 'closed'];
    const results = await Promise.all(statuses.map((status) => patchTicket(t(), owner, body.ticket.id, { status })));
    expect(results.map((r) => r.status)).toEqual(statuses.map(() => 200));
    const after = json(await t().app.inject({ method: 'GET', url: `/api/tickets/${body.ticket.id}`, headers: owner.headers }));
    // Each edit applied on the fresh row; one that found its status already set changed nothing
    // (same version, api.md). Every real change bumped the version once and left one timeline entry.
    const activity = json(await t().app.inject({ method: 'GET', url: `/api/tickets/${body.ticket.id}/activity?limit=100`, headers: owner.headers }));
    const changes = activity.items.filter((item: any) => item.kind === 'status_changed').length;
    expect(changes).toBeGreaterThanOrEqual(1);
    expect(after.ticket.version).toBe(1 + changes);
  });

  it('answers another owner’s ticket exactly like a missing one, for every verb', async () => {
    const owner = await createOwner(t());
    const intruder = await createOwner(t());
    const { body } = await createTicket(t(), owner, { conversationId: await insertConversation(t(), owner) });
    const id = body.ticket.id;
    for (const [method, payload] of [['GET', undefined], ['PATCH', { status: 'closed' }], ['DELETE', undefined]] as const) {
      const theirs = await t().app.inject({ method, url: `/api/tickets/${id}`, headers: intruder.headers, payload });
      const missing = await t().app.inject({ method, url: '/api/tickets/nope', headers: intruder.headers, payload });
      expect(theirs.statusCode).toBe(404);
      expect(theirs.body).toBe(missing.body);
    }
    const list = json(await t().app.inject({ method: 'GET', url: '/api/tickets?status=all', headers: intruder.headers }));
    expect(list.items).toEqual([]);
    const still = json(await t().app.inject({ method: 'GET', url: `/api/tickets/${id}`, headers: owner.headers }));
    expect(still.ticket).toMatchObject({ status: 'new', version: 1 });
  });

  it('keeps the ticket intact when its source is deleted; only source.available turns false', async () => {
    const owner = await createOwner(t());
    const conversationId = await insertConversation(t(), owner, { visitorName: 'Kim' });
    const submissionId = await insertSubmission(t(), owner, { visitorName: 'Lee' });
    const chat = (await createTicket(t(), owner, { conversationId })).body.ticket;
    const form = (await createTicket(t(), owner, { formSubmissionId: submissionId })).body.ticket;
    await t().app.db.deleteFrom('conversations').where('id', '=', conversationId).execute();
    await t().app.db.deleteFrom('form_submissions').where('id', '=', submissionId).execute();
    const chatAfter = json(await t().app.inject({ method: 'GET', url: `/api/tickets/${chat.id}`, headers: owner.headers })).ticket;
    const formAfter = json(await t().app.inject({ method: 'GET', url: `/api/tickets/${form.id}`, headers: owner.headers })).ticket;
    expect(chatAfter).toEqual({ ...chat, source: { ...chat.source, available: false } });
    expect(formAfter).toEqual({ ...form, source: { ...form.source, available: false } });
  });

  it('lists the open inbox by default, the archive with status=closed, everything with status=all, page by page', async () => {
    const owner = await createOwner(t());
    const conversationId = await insertConversation(t(), owner);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await createTicket(t(), owner, { conversationId, allowDuplicate: true })).body.ticket.id);
    await patchTicket(t(), owner, ids[1]!, { status: 'closed' });
    await patchTicket(t(), owner, ids[3]!, { status: 'in_progress' });
    const list = async (query: string) => json(await t().app.inject({ method: 'GET', url: `/api/tickets${query}`, headers: owner.headers }));
    expect((await list('')).items.map((x: any) => x.number)).toEqual([5, 4, 3, 1]);
    expect((await list('?status=closed')).items.map((x: any) => x.number)).toEqual([2]);
    expect((await list('?status=in_progress')).items.map((x: any) => x.number)).toEqual([4]);
    const first = await list('?status=all&limit=2');
    expect(first.items.map((x: any) => x.number)).toEqual([5, 4]);
    const second = await list(`?status=all&limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((x: any) => x.number)).toEqual([3, 2]);
    const third = await list(`?status=all&limit=2&cursor=${second.nextCursor}`);
    expect(third).toMatchObject({ nextCursor: null });
    expect(third.items.map((x: any) => x.number)).toEqual([1]);
    expect((await list(`?conversationId=${conversationId}&status=all`)).items).toHaveLength(5);
    const bad = await t().app.inject({ method: 'GET', url: '/api/tickets?cursor=garbage', headers: owner.headers });
    expect(bad.statusCode).toBe(422);
    expect((await t().app.inject({ method: 'GET', url: '/api/tickets?status=done', headers: owner.headers })).statusCode).toBe(422);
  });

  it('numbers tickets per owner without gaps or duplicates under 50 concurrent creates', async () => {
    const owner = await createOwner(t());
    const other = await createOwner(t());
    const conversationId = await insertConversation(t(), owner);
    const otherConversation = await insertConversation(t(), other);
    const results = await Promise.all([
      ...Array.from({ length: 50 }, () => createTicket(t(), owner, { conversationId, allowDuplicate: true })),
      ...Array.from({ length: 5 }, () => createTicket(t(), other, { conversationId: otherConversation, allowDuplicate: true })),
    ]);
    expect(results.every((r) => r.status === 201)).toBe(true);
    const numbers = (owner_: string) => results.filter((r) => r.body.ticket.conversationId === owner_).map((r) => r.body.ticket.number).sort((a, b) => a - b);
    expect(numbers(conversationId)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(numbers(otherConversation)).toEqual([1, 2, 3, 4, 5]);
  });

  it('deletes a ticket (204, then 404) and publishes created/updated/deleted events to the owner only', async () => {
    const owner = await createOwner(t());
    const other = await createOwner(t());
    const seen: LiveEvent[] = [];
    const leaked: LiveEvent[] = [];
    const stop = t().app.events.onOwner(owner.user.id, (event) => seen.push(event));
    const stopOther = t().app.events.onOwner(other.user.id, (event) => leaked.push(event));
    const { body } = await createTicket(t(), owner, { conversationId: await insertConversation(t(), owner) });
    await patchTicket(t(), owner, body.ticket.id, { status: 'closed', version: 1 });
    const deleted = await t().app.inject({ method: 'DELETE', url: `/api/tickets/${body.ticket.id}`, headers: owner.headers });
    expect(deleted.statusCode).toBe(204);
    expect((await t().app.inject({ method: 'GET', url: `/api/tickets/${body.ticket.id}`, headers: owner.headers })).statusCode).toBe(404);
    stop();
    stopOther();
    expect(seen.map((e) => e.type)).toEqual(['ticket.created', 'ticket.updated', 'ticket.deleted']);
    expect((seen[1]!.data.ticket as { status: string }).status).toBe('closed');
    expect(seen[2]!.data).toEqual({ id: body.ticket.id });
    expect(leaked).toEqual([]);
  });

  it('has a database constraint keeping status = closed ⇔ closedAt set', async () => {
    const owner = await createOwner(t());
    const { body } = await createTicket(t(), owner, { conversationId: await insertConversation(t(), owner) });
    const db = t().app.db;
    await expect(db.updateTable('tickets').set({ status: 'closed' }).where('id', '=', body.ticket.id).execute()).rejects.toThrow(/constraint/i);
    await expect(db.updateTable('tickets').set({ closed_at: Date.now() }).where('id', '=', body.ticket.id).execute()).rejects.toThrow(/constraint/i);
    const row = await sql<{ status: string; closed_at: number | null }>`select status, closed_at from tickets where id = ${body.ticket.id}`.execute(db);
    expect(row.rows[0]).toEqual({ status: 'new', closed_at: null });
  });
});
