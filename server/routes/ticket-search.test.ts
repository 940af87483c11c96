import { expect, it } from 'vitest';
import { describeEachEngine, json, type TestApp } from '../test/app.js';
import { createOwner, insertConversation, insertSubmission, type TestOwner } from '../test/factories.js';

async function ticketFrom(t: TestApp, owner: TestOwner, visitor: { name?: string; email?: string }, changes: Record<string, unknown> = {}) {
  const conversationId = await insertConversation(t, owner, { visitorName: visitor.name ?? null, visitorEmail: visitor.email ?? null });
  const created = json(await t.app.inject({ method: 'POST', url: '/api/tickets', headers: owner.headers, payload: { conversationId } })).ticket;
  if (Object.keys(changes).length === 0) return created;
  return json(await t.app.inject({ method: 'PATCH', url: `/api/tickets/${created.id}`, headers: owner.headers, payload: changes })).ticket;
}

async function search(t: TestApp, owner: TestOwner, q: string, extra = '') {
  const response = await t.app.inject({ method: 'GET', url: `/api/tickets?q=${encodeURIComponent(q)}${extra}`, headers: owner.headers });
  expect(response.statusCode).toBe(200);
  return json(response);
}

describeEachEngine('ticket search', (t) => {
  it('finds an open and a closed ticket by a word in their notes, case-insensitively', async () => {
    const owner = await createOwner(t());
    const open = await ticketFrom(t(), owner, { name: 'Ana' }, { notes: 'Customer sees a Flamingo error on checkout' });
    const closed = await ticketFrom(t(), owner, { name: 'Ben' }, { notes: 'flamingo error again, fixed by clearing cache', status: 'closed' });
    await ticketFrom(t(), owner, { name: 'Cy' }, { notes: 'unrelated billing question' });
    const ids = (await search(t(), owner, 'FLAMINGO')).items.map((x: any) => x.id);
    expect(ids.sort()).toEqual([open.id, closed.id].sort());
    expect((await search(t(), owner, 'flamingo', '&status=closed')).items.map((x: any) => x.id)).toEqual([closed.id]);
    expect((await search(t(), owner, 'flamingo', '&status=open')).items.map((x: any) => x.id)).toEqual([open.id]);
  });

  it('finds tickets by visitor email (whole or in parts) and by visitor name', async () => {
    const owner = await createOwner(t());
    const ticket = await ticketFrom(t(), owner, { name: 'Zoë Quartermaine', email: 'zoe.q@northwind-traders.com' }, { status: 'closed' });
    for (const q of ['zoe.q@northwind-traders.com', 'northwind', 'quartermaine', 'zoe']) {
      expect((await search(t(), owner, q)).items.map((x: any) => x.id), q).toEqual([ticket.id]);
    }
  });

  it('matches word prefixes, requires every word, and finds words in the title', async () => {
    const owner = await createOwner(t());
    const refund = await ticketFrom(t(), owner, {}, { title: 'Refund request for order 88123', notes: 'customer wants money back' });
    const other = await ticketFrom(t(), owner, {}, { title: 'Refurbish the onboarding flow' });
    expect((await search(t(), owner, 'refu')).items.map((x: any) => x.id).sort()).toEqual([refund.id, other.id].sort());
    expect((await search(t(), owner, 'refu money')).items.map((x: any) => x.id)).toEqual([refund.id]);
    expect((await search(t(), owner, '8812')).items.map((x: any) => x.id)).toEqual([refund.id]);
    expect((await search(t(), owner, 'nothing-matches-this')).items).toEqual([]);
  });

  it('orders by relevance: more occurrences of the word rank first', async () => {
    const owner = await createOwner(t());
    const weak = await ticketFrom(t(), owner, {}, { notes: `invoice ${'filler words about other things '.repeat(30)}` });
    const strong = await ticketFrom(t(), owner, {}, { title: 'Invoice wrong', notes: 'invoice invoice invoice total is wrong on the invoice' });
    expect((await search(t(), owner, 'invoice')).items.map((x: any) => x.id)).toEqual([strong.id, weak.id]);
  });

  it('reflects edits: a removed word no longer matches, a new one does', async () => {
    const owner = await createOwner(t());
    const ticket = await ticketFrom(t(), owner, {}, { notes: 'walrus' });
    await t().app.inject({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, headers: owner.headers, payload: { notes: 'narwhal' } });
    expect((await search(t(), owner, 'walrus')).items).toEqual([]);
    expect((await search(t(), owner, 'narwhal')).items.map((x: any) => x.id)).toEqual([ticket.id]);
    await t().app.inject({ method: 'DELETE', url: `/api/tickets/${ticket.id}`, headers: owner.headers });
    expect((await search(t(), owner, 'narwhal')).items).toEqual([]);
  });

  it('never returns another owner’s tickets', async () => {
    const owner = await createOwner(t());
    const other = await createOwner(t());
    await ticketFrom(t(), other, { email: 'secret@rival.example' }, { notes: 'kumquat' });
    expect((await search(t(), owner, 'kumquat')).items).toEqual([]);
    expect((await search(t(), owner, 'rival')).items).toEqual([]);
  });

  it('pages through results with a cursor without repeats', async () => {
    const owner = await createOwner(t());
    const submissionIds = await Promise.all([1, 2, 3, 4, 5].map(() => insertSubmission(t(), owner, { visitorName: 'Pelican Person' })));
    for (const formSubmissionId of submissionIds) {
      await t().app.inject({ method: 'POST', url: '/api/tickets', headers: owner.headers, payload: { formSubmissionId } });
    }
    const seen: string[] = [];
    let cursor = '';
    for (let page = 0; page < 5; page++) {
      const result = await search(t(), owner, 'pelican', `&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...result.items.map((x: any) => x.id));
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it('pages a filter that drops most matches: every kept ticket once, in rank order, no cursor after the last', async () => {
    // Keys are read in growing slices of the ranked window (a page's worth first): with one ticket in
    // five kept, a page of 2 needs several slices, and the last page must end exactly.
    const owner = await createOwner(t());
    const kept: string[] = [];
    for (let i = 0; i < 20; i++) {
      const ticket = await ticketFrom(t(), owner, {}, { title: `Heron report ${i}`, ...(i % 5 === 0 ? {} : { status: 'closed' }) });
      if (i % 5 === 0) kept.push(ticket.id);
    }
    const seen: string[] = [];
    let cursor = '';
    for (let page = 0; page < 10; page++) {
      const result = await search(t(), owner, 'heron', `&status=open&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...result.items.map((x: any) => x.id));
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    const unfiltered = (await search(t(), owner, 'heron', '&limit=100')).items.map((x: any) => x.id);
    expect(seen).toEqual(unfiltered.filter((id: string) => kept.includes(id)));
    expect(seen.sort()).toEqual([...kept].sort());
  });

  it('treats punctuation-only queries as no search, and query syntax as plain words', async () => {
    const owner = await createOwner(t());
    await ticketFrom(t(), owner, {}, { notes: 'plain' });
    expect((await search(t(), owner, '"*:&|!()')).items.length).toBeGreaterThan(0);
    expect((await search(t(), owner, 'plain OR NEAR(x) -y')).items).toEqual([]);
  });
});
