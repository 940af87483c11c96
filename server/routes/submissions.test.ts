import { expect, it } from 'vitest';
import { describeEachEngine, json } from '../test/app.js';
import { createOwner, type TestOwner } from '../test/factories.js';
import { createFormFor, submitJson, validContactFields } from '../test/forms.js';

describeEachEngine('submissions', (t) => {
  const list = async (owner: TestOwner, query = '') => {
    const response = await t().app.inject({ method: 'GET', url: `/api/submissions${query}`, headers: owner.headers });
    expect(response.statusCode).toBe(200);
    return json(response) as { items: any[]; nextCursor: string | null };
  };
  const submit = async (owner: TestOwner, formId: string, fields: object, extra = {}) => {
    const response = await submitJson(t(), owner.siteKey, formId, { fields, ...extra }, { remoteAddress: '81.2.69.160' });
    expect(response.statusCode).toBe(201);
    return json(response).submission.id as string;
  };

  it('reads a submission with labelled fields in form order, page URL, country, visitor and tickets', async () => {
    const owner = await createOwner(t());
    const form = await createFormFor(t(), owner);
    const id = await submit(owner, form.id, { ...validContactFields(), topic: '' }, { pageUrl: 'https://shop.example/contact' });
    const response = await t().app.inject({ method: 'GET', url: `/api/submissions/${id}`, headers: owner.headers });
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual({
      submission: {
        id,
        formId: form.id,
        formName: 'Contact us',
        visitor: { name: 'Ada Lovelace', email: 'ada@example.com' },
        fields: [
          { name: 'first_name', label: 'First name', type: 'text', value: 'Ada' },
          { name: 'last_name', label: 'Last name', type: 'text', value: 'Lovelace' },
          { name: 'email', label: 'Email', type: 'email', value: 'ada@example.com' },
          { name: 'topic', label: 'Topic', type: 'select', value: '' },
          { name: 'message', label: 'Message', type: 'textarea', value: 'Hello there' },
          { name: 'consent', label: 'I agree', type: 'checkbox', value: true },
        ],
        pageUrl: 'https://shop.example/contact',
        country: 'GB',
        createdAt: expect.any(String),
      },
      tickets: [],
    });
  });

  it('links the tickets made from a submission, and only those of its owner', async () => {
    const owner = await createOwner(t());
    const form = await createFormFor(t(), owner);
    const id = await submit(owner, form.id, validContactFields());
    const other = await submit(owner, form.id, validContactFields());
    const createTicket = async (formSubmissionId: string, title?: string) => {
      const response = await t().app.inject({ method: 'POST', url: '/api/tickets', headers: owner.headers, payload: { formSubmissionId, title, allowDuplicate: true } });
      expect(response.statusCode).toBe(201);
      return json(response).ticket;
    };
    const first = await createTicket(id);
    const second = await createTicket(id, 'Follow-up');
    await createTicket(other);
    expect(first.title).toBe('Ada Lovelace');

    const detail = json(await t().app.inject({ method: 'GET', url: `/api/submissions/${id}`, headers: owner.headers }));
    expect(detail.tickets).toEqual([
      { id: first.id, number: first.number, title: 'Ada Lovelace', status: 'new' },
      { id: second.id, number: second.number, title: 'Follow-up', status: 'new' },
    ]);

    // Deleting the submission leaves its tickets in place, their source marked unavailable.
    expect((await t().app.inject({ method: 'DELETE', url: `/api/submissions/${id}`, headers: owner.headers })).statusCode).toBe(204);
    const ticket = json(await t().app.inject({ method: 'GET', url: `/api/tickets/${first.id}`, headers: owner.headers })).ticket;
    expect(ticket.source).toEqual({ type: 'form_submission', id, available: false });
  });

  it('picks the visitor out of the fields: a "name" field, else first + last name, and the first email field', async () => {
    const owner = await createOwner(t());
    const named = await createFormFor(t(), owner, {
      name: 'Named',
      fields: [
        { name: 'name', label: 'Name', type: 'text' },
        { name: 'work_email', label: 'Work email', type: 'email' },
        { name: 'home_email', label: 'Home email', type: 'email' },
      ],
    });
    const camel = await createFormFor(t(), owner, {
      name: 'Camel',
      fields: [{ name: 'firstName', label: 'First', type: 'text' }, { name: 'lastName', label: 'Last', type: 'text' }],
    });
    await submit(owner, named.id, { name: 'Grace Hopper', work_email: '', home_email: 'grace@home.example' });
    await submit(owner, camel.id, { firstName: 'Alan', lastName: 'Turing' });
    await submit(owner, camel.id, {});
    const byForm = async (formId: string) => (await list(owner, `?formId=${formId}`)).items.map((i) => i.visitor);
    expect(await byForm(named.id)).toEqual([{ name: 'Grace Hopper', email: 'grace@home.example' }]);
    expect(await byForm(camel.id)).toEqual(expect.arrayContaining([{ name: 'Alan Turing', email: null }, { name: null, email: null }]));
  });

  it('lists newest first, filters by form, and pages with a cursor without gaps or repeats', async () => {
    const owner = await createOwner(t());
    const a = await createFormFor(t(), owner, { name: 'A', fields: [{ name: 'n', label: 'N', type: 'text' }] });
    const b = await createFormFor(t(), owner, { name: 'B', fields: [{ name: 'n', label: 'N', type: 'text' }] });
    const ofA: string[] = [];
    const ofB: string[] = [];
    for (let i = 0; i < 7; i++) ofA.push(await submit(owner, a.id, { n: `a${i}` }));
    for (let i = 0; i < 3; i++) ofB.push(await submit(owner, b.id, { n: `b${i}` }));

    const walk = async (query: string) => {
      const items: any[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await list(owner, `?limit=3${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(page.items.length).toBeLessThanOrEqual(3);
        items.push(...page.items);
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      return { items, pages };
    };

    const all = await walk('');
    expect(all.pages).toBe(4);
    expect(all.items.map((i) => i.id).sort()).toEqual([...ofA, ...ofB].sort());
    const times = all.items.map((i) => Date.parse(i.createdAt));
    expect(times).toEqual([...times].sort((x, y) => y - x));
    // One page holding everything has the same order as the walk.
    expect((await list(owner, '?limit=200')).items.map((i) => i.id)).toEqual(all.items.map((i) => i.id));

    const onlyA = await walk(`&formId=${a.id}`);
    expect(onlyA.pages).toBe(3);
    expect(onlyA.items.map((i) => i.id).sort()).toEqual([...ofA].sort());
    expect(new Set(onlyA.items.map((i) => i.formName))).toEqual(new Set(['A']));
    expect((await list(owner, '?formId=unknown')).items).toEqual([]);

    const bad = await t().app.inject({ method: 'GET', url: '/api/submissions?cursor=not-a-cursor', headers: owner.headers });
    expect(bad.statusCode).toBe(422);
    expect(json(bad).error.field).toBe('cursor');
    const tooMany = await t().app.inject({ method: 'GET', url: '/api/submissions?limit=201', headers: owner.headers });
    expect(tooMany.statusCode).toBe(422);
  });

  it('deletes a submission: 204, then 404, and it leaves the list and the form count', async () => {
    const owner = await createOwner(t());
    const form = await createFormFor(t(), owner);
    const keep = await submit(owner, form.id, validContactFields());
    const drop = await submit(owner, form.id, validContactFields());
    expect((await t().app.inject({ method: 'DELETE', url: `/api/submissions/${drop}`, headers: owner.headers })).statusCode).toBe(204);
    expect((await t().app.inject({ method: 'GET', url: `/api/submissions/${drop}`, headers: owner.headers })).statusCode).toBe(404);
    expect((await t().app.inject({ method: 'DELETE', url: `/api/submissions/${drop}`, headers: owner.headers })).statusCode).toBe(404);
    expect((await list(owner)).items.map((i) => i.id)).toEqual([keep]);
    const counted = json(await t().app.inject({ method: 'GET', url: `/api/forms/${form.id}`, headers: owner.headers })).form;
    expect(counted.submissionCount).toBe(1);
  });

  it('keeps a deleted form’s submissions readable with the form name and labels they were sent with', async () => {
    const owner = await createOwner(t());
    const form = await createFormFor(t(), owner);
    const id = await submit(owner, form.id, validContactFields());
    await t().app.inject({ method: 'PATCH', url: `/api/forms/${form.id}`, headers: owner.headers, payload: { name: 'Renamed', fields: [{ name: 'x', label: 'X', type: 'text' }] } });
    expect((await t().app.inject({ method: 'DELETE', url: `/api/forms/${form.id}`, headers: owner.headers })).statusCode).toBe(204);

    const detail = await t().app.inject({ method: 'GET', url: `/api/submissions/${id}`, headers: owner.headers });
    expect(detail.statusCode).toBe(200);
    expect(json(detail).submission).toMatchObject({ formId: form.id, formName: 'Contact us', visitor: { name: 'Ada Lovelace' } });
    expect(json(detail).submission.fields[0]).toEqual({ name: 'first_name', label: 'First name', type: 'text', value: 'Ada' });
    expect((await list(owner, `?formId=${form.id}`)).items.map((i) => i.id)).toEqual([id]);
  });

  it('answers another owner’s submission exactly like a missing one (404) and never lists it', async () => {
    const first = await createOwner(t());
    const second = await createOwner(t());
    const form = await createFormFor(t(), first);
    const id = await submit(first, form.id, validContactFields());
    for (const method of ['GET', 'DELETE'] as const) {
      const other = await t().app.inject({ method, url: `/api/submissions/${id}`, headers: second.headers });
      const missing = await t().app.inject({ method, url: '/api/submissions/no-such-id', headers: second.headers });
      expect(other.statusCode).toBe(404);
      expect(other.body).toBe(missing.body);
    }
    expect((await list(second)).items).toEqual([]);
    expect((await list(second, `?formId=${form.id}`)).items).toEqual([]);
    expect((await t().app.inject({ method: 'GET', url: `/api/submissions/${id}`, headers: first.headers })).statusCode).toBe(200);
  });

  it('requires sign-in', async () => {
    expect((await t().app.inject({ method: 'GET', url: '/api/submissions' })).statusCode).toBe(401);
    expect((await t().app.inject({ method: 'DELETE', url: '/api/submissions/x' })).statusCode).toBe(401);
  });
});
