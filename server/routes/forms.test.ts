import { expect, it } from 'vitest';
import { describeEachEngine, json } from '../test/app.js';
import { createOwner } from '../test/factories.js';
import { contactFormBody, createFormFor, submitJson, validContactFields } from '../test/forms.js';

describeEachEngine('forms', (t) => {
  it('creates a form with normalized fields and reads it back', async () => {
    const owner = await createOwner(t());
    const response = await t().app.inject({ method: 'POST', url: '/api/forms', headers: owner.headers, payload: contactFormBody() });
    expect(response.statusCode).toBe(201);
    const { form } = json(response);
    expect(form).toEqual({
      id: expect.any(String),
      name: 'Contact us',
      fields: expect.any(Array),
      submissionCount: 0,
      createdAt: expect.any(String),
      updatedAt: form.createdAt,
    });
    expect(form.fields[0]).toEqual({ name: 'first_name', label: 'First name', type: 'text', required: true, options: [] });
    expect(form.fields[3]).toEqual({ name: 'topic', label: 'Topic', type: 'select', required: false, options: ['Sales', 'Support'] });
    expect(form.fields.map((f: { name: string }) => f.name)).toEqual(['first_name', 'last_name', 'email', 'topic', 'message', 'consent']);

    const read = await t().app.inject({ method: 'GET', url: `/api/forms/${form.id}`, headers: owner.headers });
    expect(read.statusCode).toBe(200);
    expect(json(read).form).toEqual(form);
  });

  it('refuses invalid definitions with 422', async () => {
    const owner = await createOwner(t());
    const post = (payload: object) => t().app.inject({ method: 'POST', url: '/api/forms', headers: owner.headers, payload });
    const text = (name: string, extra: object = {}) => ({ name, label: name, type: 'text', ...extra });
    const cases: [object, string | undefined][] = [
      [{ name: 'F', fields: [text('a'), text('A')] }, 'fields.1.name'],
      [{ name: 'F', fields: [{ name: 'plan', label: 'Plan', type: 'select' }] }, 'fields.0.options'],
      [{ name: 'F', fields: [{ name: 'plan', label: 'Plan', type: 'select', options: [] }] }, 'fields.0.options'],
      [{ name: 'F', fields: [text('a', { options: ['x'] })] }, 'fields.0.options'],
      [{ name: '   ', fields: [text('a')] }, 'name'],
      [{ name: 'F', fields: [text('1abc')] }, undefined],
      [{ name: 'F', fields: [text('has space')] }, undefined],
      [{ name: 'F', fields: [text('a'.repeat(65))] }, undefined],
      [{ name: 'F', fields: [{ name: 'a', label: 'A', type: 'file' }] }, undefined],
      [{ name: 'F', fields: [text('a', { label: 'x'.repeat(201) })] }, undefined],
      [{ name: 'F', fields: [{ name: 'a', label: 'A', type: 'select', options: Array.from({ length: 101 }, (_, i) => `o${i}`) }] }, undefined],
      [{ name: 'F', fields: Array.from({ length: 51 }, (_, i) => text(`f${i}`)) }, undefined],
      [{ name: 'F', fields: [] }, undefined],
      [{ fields: [text('a')] }, undefined],
    ];
    for (const [payload, field] of cases) {
      const response = await post(payload);
      expect(response.statusCode, JSON.stringify(payload).slice(0, 120)).toBe(422);
      expect(json(response).error.code).toBe('validation_failed');
      if (field) expect(json(response).error.field).toBe(field);
    }
    // The limits themselves are allowed.
    const atLimits = await post({
      name: 'x'.repeat(200),
      fields: [
        ...Array.from({ length: 49 }, (_, i) => text(`f${i}`, { label: 'l'.repeat(200) })),
        { name: 'a'.repeat(64), label: 'A', type: 'select', options: Array.from({ length: 100 }, (_, i) => `o${i}`) },
      ],
    });
    expect(atLimits.statusCode).toBe(201);
    const list = json(await t().app.inject({ method: 'GET', url: '/api/forms', headers: owner.headers }));
    expect(list.items).toHaveLength(1);
  });

  it('edits the name and replaces the fields; bad edits are 422 and change nothing', async () => {
    const owner = await createOwner(t());
    const form = await createFormFor(t(), owner);
    const renamed = await t().app.inject({ method: 'PATCH', url: `/api/forms/${form.id}`, headers: owner.headers, payload: { name: 'Sales enquiry' } });
    expect(renamed.statusCode).toBe(200);
    expect(json(renamed).form.name).toBe('Sales enquiry');
    expect(json(renamed).form.fields).toHaveLength(6);

    const fields = [{ name: 'email', label: 'Work email', type: 'email', required: true }];
    const refielded = await t().app.inject({ method: 'PATCH', url: `/api/forms/${form.id}`, headers: owner.headers, payload: { fields } });
    expect(json(refielded).form).toMatchObject({ name: 'Sales enquiry', fields: [{ ...fields[0], options: [] }] });

    const bad = await t().app.inject({
      method: 'PATCH', url: `/api/forms/${form.id}`, headers: owner.headers,
      payload: { name: 'Broken', fields: [{ name: 'x', label: 'X', type: 'select', options: [] }] },
    });
    expect(bad.statusCode).toBe(422);
    expect(json(bad).error.field).toBe('fields.0.options');
    const empty = await t().app.inject({ method: 'PATCH', url: `/api/forms/${form.id}`, headers: owner.headers, payload: {} });
    expect(empty.statusCode).toBe(422);
    const after = json(await t().app.inject({ method: 'GET', url: `/api/forms/${form.id}`, headers: owner.headers })).form;
    expect(after.name).toBe('Sales enquiry');
    expect(after.fields).toHaveLength(1);
  });

  it('lists forms newest first with submission counts, paginated by cursor', async () => {
    const owner = await createOwner(t());
    const created: { id: string }[] = [];
    for (let i = 0; i < 5; i++) created.push(await createFormFor(t(), owner, { ...contactFormBody(), name: `Form ${i}` }));
    for (let i = 0; i < 2; i++) {
      expect((await submitJson(t(), owner.siteKey, created[0]!.id, { fields: validContactFields() })).statusCode).toBe(201);
    }

    const seen: { id: string; createdAt: string; submissionCount: number }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/forms?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = json(await t().app.inject({ method: 'GET', url, headers: owner.headers }));
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.map((f) => f.id).sort()).toEqual(created.map((f) => f.id).sort());
    const times = seen.map((f) => Date.parse(f.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(seen.find((f) => f.id === created[0]!.id)!.submissionCount).toBe(2);
    expect(seen.find((f) => f.id === created[1]!.id)!.submissionCount).toBe(0);

    const bad = await t().app.inject({ method: 'GET', url: '/api/forms?cursor=garbage', headers: owner.headers });
    expect(bad.statusCode).toBe(422);
    expect(json(bad).error.field).toBe('cursor');
  });

  it('deletes a form: 204, then 404, and the public endpoint no longer serves it', async () => {
    const owner = await createOwner(t());
    const form = await createFormFor(t(), owner);
    expect((await t().app.inject({ method: 'DELETE', url: `/api/forms/${form.id}`, headers: owner.headers })).statusCode).toBe(204);
    expect((await t().app.inject({ method: 'GET', url: `/api/forms/${form.id}`, headers: owner.headers })).statusCode).toBe(404);
    expect((await t().app.inject({ method: 'DELETE', url: `/api/forms/${form.id}`, headers: owner.headers })).statusCode).toBe(404);
    expect((await t().app.inject({ method: 'GET', url: `/api/widget/${owner.siteKey}/forms/${form.id}` })).statusCode).toBe(404);
  });

  it('answers another owner’s form exactly like a missing one (404) on every route', async () => {
    const first = await createOwner(t());
    const second = await createOwner(t());
    const form = await createFormFor(t(), first);
    const routes = [
      { method: 'GET' as const },
      { method: 'PATCH' as const, payload: { name: 'Mine now' } },
      { method: 'DELETE' as const },
    ];
    for (const route of routes) {
      const other = await t().app.inject({ ...route, url: `/api/forms/${form.id}`, headers: second.headers });
      const missing = await t().app.inject({ ...route, url: '/api/forms/no-such-form', headers: second.headers });
      expect(other.statusCode).toBe(404);
      expect(other.body).toBe(missing.body);
    }
    expect(json(await t().app.inject({ method: 'GET', url: '/api/forms', headers: second.headers })).items).toEqual([]);
    expect(json(await t().app.inject({ method: 'GET', url: `/api/forms/${form.id}`, headers: first.headers })).form.name).toBe('Contact us');
  });

  it('requires sign-in and a same-origin Origin for cookie mutations', async () => {
    const owner = await createOwner(t());
    expect((await t().app.inject({ method: 'GET', url: '/api/forms' })).statusCode).toBe(401);
    const csrf = await t().app.inject({ method: 'POST', url: '/api/forms', headers: { cookie: owner.cookie }, payload: contactFormBody() });
    expect(csrf.statusCode).toBe(403);
  });

  it('documents the form routes in OpenAPI', async () => {
    const doc = json(await t().app.inject({ method: 'GET', url: '/api/openapi.json' }));
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([
      '/api/forms', '/api/forms/{id}', '/api/submissions', '/api/submissions/{id}',
      '/api/widget/{siteKey}/forms/{formId}', '/api/widget/{siteKey}/forms/{formId}/submissions',
    ]));
    const submit = doc.paths['/api/widget/{siteKey}/forms/{formId}/submissions'].post;
    expect(Object.keys(submit.requestBody.content)).toEqual(['application/json', 'application/x-www-form-urlencoded']);
    expect(Object.keys(submit.responses['201'].content)).toEqual(['application/json', 'text/html']);
  });
});
