import { expect, it } from 'vitest';
import { describeEachEngine, json } from '../test/app.js';
import { createOwner } from '../test/factories.js';
import { createFormFor, submitClassic, submitJson, validContactFields } from '../test/forms.js';

const UK_ADDRESS = '81.2.69.160';

describeEachEngine('public forms', (t) => {
  it('serves the form definition by site key, cross-origin, without owner data', async () => {
    const owner = await createOwner(t());
    const form = await createFormFor(t(), owner);
    const response = await t().app.inject({ method: 'GET', url: `/api/widget/${owner.siteKey}/forms/${form.id}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    const body = json(response);
    expect(Object.keys(body.form)).toEqual(['id', 'name', 'fields']);
    expect(body.form.fields[3]).toEqual({ name: 'topic', label: 'Topic', type: 'select', required: false, options: ['Sales', 'Support'] });
  });

  it('answers 404 for an unknown site key or form id, and for another owner’s site key', async () => {
    const owner = await createOwner(t());
    const other = await createOwner(t());
    const form = await createFormFor(t(), owner);
    const urls = [`/api/widget/site_nope/forms/${form.id}`, `/api/widget/${owner.siteKey}/forms/nope`, `/api/widget/${other.siteKey}/forms/${form.id}`];
    const bodies = [];
    for (const url of urls) {
      const read = await t().app.inject({ method: 'GET', url });
      expect(read.statusCode).toBe(404);
      bodies.push(read.body);
      const submit = await t().app.inject({ method: 'POST', url: `${url}/submissions`, payload: { fields: validContactFields() } });
      expect(submit.statusCode).toBe(404);
    }
    expect(new Set(bodies).size).toBe(1);
    const list = json(await t().app.inject({ method: 'GET', url: '/api/submissions', headers: owner.headers }));
    expect(list.items).toEqual([]);
  });

  it('accepts a valid JSON submission and records fields, page URL and country', async () => {
    const owner = await createOwner(t());
    const form = await createFormFor(t(), owner);
    const response = await submitJson(t(), owner.siteKey, form.id, { fields: validContactFields(), pageUrl: 'https://shop.example/contact?x=1' }, { remoteAddress: UK_ADDRESS });
    expect(response.statusCode).toBe(201);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    const { submission } = json(response);
    expect(Object.keys(submission)).toEqual(['id']);

    const detail = json(await t().app.inject({ method: 'GET', url: `/api/submissions/${submission.id}`, headers: owner.headers }));
    expect(detail.submission).toMatchObject({
      id: submission.id, formId: form.id, formName: 'Contact us', pageUrl: 'https://shop.example/contact?x=1', country: 'GB',
      visitor: { name: 'Ada Lovelace', email: 'ada@example.com' },
    });
    expect(detail.submission.fields).toContainEqual({ name: 'consent', label: 'I agree', type: 'checkbox', value: true });
  });

  it('takes the page URL from the Referer when none is sent, and never stores a non-http one', async () => {
    const owner = await createOwner(t());
    const form = await createFormFor(t(), owner);
    const fromReferer = await submitJson(t(), owner.siteKey, form.id, { fields: validContactFields() }, { headers: { referer: 'https://shop.example/pricing' } });
    const script = await submitJson(t(), owner.siteKey, form.id, { fields: validContactFields(), pageUrl: 'javascript:alert(1)' });
    const read = async (id: string) => json(await t().app.inject({ method: 'GET', url: `/api/submissions/${id}`, headers: owner.headers })).submission;
    expect((await read(json(fromReferer).submission.id)).pageUrl).toBe('https://shop.example/pricing');
    expect((await read(json(script).submission.id)).pageUrl).toBeNull();
  });

  it('answers 422 naming the failing field for each rule, and stores nothing', async () => {
    const owner = await createOwner(t());
    const form = await createFormFor(t(), owner);
    const cases: [Record<string, unknown>, string][] = [
      [{ first_name: undefined }, 'first_name'], // required missing
      [{ message: '   ' }, 'message'], // required blank
      [{ email: 'ada at example.com' }, 'email'], // malformed email
      [{ topic: 'Billing' }, 'topic'], // not an option
      [{ consent: false }, 'consent'], // required checkbox unchecked
      [{ consent: 'perhaps' }, 'consent'], // not a boolean
      [{ last_name: 'x'.repeat(1001) }, 'last_name'], // text over 1,000
      [{ message: 'y'.repeat(10_001) }, 'message'], // textarea over 10,000
      [{ first_name: true }, 'first_name'], // not text
      [{ first_name: 12 }, 'first_name'], // numbers are not text either (no silent coercion)
      [{ email: { nested: 'x' } }, 'email'], // nor objects
      [{ consent: 1 }, 'consent'], // not a boolean
      [{ is_admin: 'yes' }, 'is_admin'], // unknown field
    ];
    for (const [changes, field] of cases) {
      const response = await submitJson(t(), owner.siteKey, form.id, { fields: { ...validContactFields(), ...changes } });
      expect(response.statusCode, `${field} ${response.body}`).toBe(422);
      expect(json(response).error).toMatchObject({ code: 'validation_failed', field, message: expect.any(String) });
    }
    const missingFields = await submitJson(t(), owner.siteKey, form.id, { pageUrl: 'https://x.example' });
    expect(missingFields.statusCode).toBe(422);
    const malformed = await t().app.inject({
      method: 'POST', url: `/api/widget/${owner.siteKey}/forms/${form.id}/submissions`, headers: { 'content-type': 'application/json' }, payload: '{"fields":',
    });
    expect(malformed.statusCode).toBe(400);
    const plain = await t().app.inject({
      method: 'POST', url: `/api/widget/${owner.siteKey}/forms/${form.id}/submissions`, headers: { 'content-type': 'text/plain' }, payload: 'hello',
    });
    expect(plain.statusCode).toBe(415);
    expect(json(await t().app.inject({ method: 'GET', url: '/api/submissions', headers: owner.headers })).items).toEqual([]);
  });

  it('lists every problem of a submission, the first one as `field`', async () => {
    const owner = await createOwner(t());
    const form = await createFormFor(t(), owner);
    const response = await submitJson(t(), owner.siteKey, form.id, { fields: { email: 'nope' } });
    const { error } = json(response);
    expect(error.field).toBe('first_name');
    expect(error.problems.map((p: { field: string }) => p.field)).toEqual(['first_name', 'email', 'message', 'consent']);
  });

  it('accepts a classic urlencoded post and answers an escaped HTML thank-you page', async () => {
    const owner = await createOwner(t());
    const form = await createFormFor(t(), owner, {
      name: '<script>alert("x")</script>',
      fields: [{ name: 'email', label: 'Email', type: 'email', required: true }, { name: 'subscribe', label: 'Subscribe', type: 'checkbox' }],
    });
    const response = await submitClassic(t(), owner.siteKey, form.id, { email: 'bob@example.com', subscribe: 'on', _page_url: 'https://shop.example/signup' });
    expect(response.statusCode).toBe(201);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.body).toContain('Thank you');
    expect(response.body).not.toContain('<script>');
    expect(response.body).toContain('&lt;script&gt;');
    expect(response.body).toContain('href="https://shop.example/signup"');

    const list = json(await t().app.inject({ method: 'GET', url: '/api/submissions', headers: owner.headers }));
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({
      pageUrl: 'https://shop.example/signup',
      visitor: { name: null, email: 'bob@example.com' },
      fields: [{ name: 'email', value: 'bob@example.com' }, { name: 'subscribe', value: true }],
    });
  });

  it('redirects a classic post with 303 to an http(s) _redirect, and ignores any other scheme', async () => {
    const owner = await createOwner(t());
    const form = await createFormFor(t(), owner, { name: 'News', fields: [{ name: 'email', label: 'Email', type: 'email' }] });
    const redirected = await submitClassic(t(), owner.siteKey, form.id, { email: 'c@example.com', _redirect: 'https://shop.example/thanks' });
    expect(redirected.statusCode).toBe(303);
    expect(redirected.headers.location).toBe('https://shop.example/thanks');
    const scripted = await submitClassic(t(), owner.siteKey, form.id, { email: 'd@example.com', _redirect: 'javascript:alert(1)' });
    expect(scripted.statusCode).toBe(201);
    expect(scripted.headers.location).toBeUndefined();
    // A checkbox-less, unchecked-by-absence form and the Referer as the page URL.
    const viaReferer = await submitClassic(t(), owner.siteKey, form.id, { email: '' }, { referer: 'https://shop.example/news' });
    expect(viaReferer.statusCode).toBe(201);
    const items = json(await t().app.inject({ method: 'GET', url: '/api/submissions', headers: owner.headers })).items;
    expect(items).toHaveLength(3);
    expect(items.map((i: { pageUrl: string | null }) => i.pageUrl)).toContain('https://shop.example/news');
  });

  it('answers classic-post validation errors with an HTML page (422) listing the problems', async () => {
    const owner = await createOwner(t());
    const form = await createFormFor(t(), owner);
    const response = await submitClassic(t(), owner.siteKey, form.id, { first_name: 'Eve', email: 'not-an-email', message: 'hi', consent: 'on', '<b>x</b>': '1' }, { referer: 'https://shop.example/contact' });
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('&quot;Email&quot; must be an email address.');
    expect(response.body).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(response.body).not.toContain('<b>x</b>');
    expect(response.body).toContain('href="https://shop.example/contact"');

    const tooLarge = await submitClassic(t(), owner.siteKey, form.id, { message: 'x'.repeat(1024 * 1024 + 1) });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.headers['content-type']).toMatch(/^text\/html/);

    const missingForm = await submitClassic(t(), owner.siteKey, 'nope', { first_name: 'Eve' });
    expect(missingForm.statusCode).toBe(404);
    expect(missingForm.headers['content-type']).toMatch(/^text\/html/);
    expect(json(await t().app.inject({ method: 'GET', url: '/api/submissions', headers: owner.headers })).items).toEqual([]);
  });

  it('answers a filled honeypot as if accepted but stores nothing (JSON and classic)', async () => {
    const owner = await createOwner(t());
    const form = await createFormFor(t(), owner);
    const events: unknown[] = [];
    const stop = t().app.events.onOwner(owner.user.id, (event) => events.push(event));
    try {
      const bot = await submitJson(t(), owner.siteKey, form.id, { fields: { ...validContactFields(), _hp: 'http://spam.example' } });
      expect(bot.statusCode).toBe(201);
      expect(json(bot).submission.id).toEqual(expect.any(String));
      const classicBot = await submitClassic(t(), owner.siteKey, form.id, { first_name: 'x', _hp: 'buy now' });
      expect(classicBot.statusCode).toBe(201);
      expect(classicBot.body).toContain('Thank you');
      expect((await t().app.inject({ method: 'GET', url: `/api/submissions/${json(bot).submission.id}`, headers: owner.headers })).statusCode).toBe(404);
      expect(json(await t().app.inject({ method: 'GET', url: '/api/submissions', headers: owner.headers })).items).toEqual([]);
      expect(events).toEqual([]);

      // An empty honeypot is a person.
      const person = await submitJson(t(), owner.siteKey, form.id, { fields: { ...validContactFields(), _hp: '' } });
      expect(person.statusCode).toBe(201);
      expect(json(await t().app.inject({ method: 'GET', url: '/api/submissions', headers: owner.headers })).items).toHaveLength(1);
    } finally {
      stop();
    }
  });

  it('publishes submission.created to the owner with the presented submission', async () => {
    const owner = await createOwner(t());
    const other = await createOwner(t());
    const form = await createFormFor(t(), owner);
    const mine: { type: string; data: Record<string, unknown> }[] = [];
    const theirs: unknown[] = [];
    const stops = [t().app.events.onOwner(owner.user.id, (e) => mine.push(e)), t().app.events.onOwner(other.user.id, (e) => theirs.push(e))];
    try {
      const response = await submitJson(t(), owner.siteKey, form.id, { fields: validContactFields() }, { remoteAddress: UK_ADDRESS });
      const detail = json(await t().app.inject({ method: 'GET', url: `/api/submissions/${json(response).submission.id}`, headers: owner.headers }));
      expect(mine).toEqual([{ type: 'submission.created', data: detail.submission }]);
      expect(theirs).toEqual([]);
    } finally {
      stops.forEach((stop) => stop());
    }
  });
});

describeEachEngine('public forms rate limit', (t) => {
  it('answers 429 with Retry-After once an address exceeds PUBLIC_RATE_LIMIT', async () => {
    const owner = await createOwner(t());
    const form = await createFormFor(t(), owner);
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 4; i++) {
      last = await submitJson(t(), owner.siteKey, form.id, { fields: validContactFields() }, { remoteAddress: '203.0.113.7' });
      statuses.push(last.statusCode);
    }
    expect(statuses).toEqual([201, 201, 201, 429]);
    expect(json(last!).error.code).toBe('rate_limited');
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);

    const classic = await submitClassic(t(), owner.siteKey, form.id, { first_name: 'x' }, {});
    // Default inject address has its own budget; spend it, then the classic post gets an HTML 429.
    let html = classic;
    for (let i = 0; i < 4 && html.statusCode !== 429; i++) html = await submitClassic(t(), owner.siteKey, form.id, { first_name: 'x' });
    expect(html.statusCode).toBe(429);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(Number(html.headers['retry-after'])).toBeGreaterThan(0);

    // Another address is unaffected; only the three accepted submissions were stored.
    const fresh = await t().app.inject({ method: 'GET', url: `/api/widget/${owner.siteKey}/forms/${form.id}`, remoteAddress: '198.51.100.9' });
    expect(fresh.statusCode).toBe(200);
    expect(json(await t().app.inject({ method: 'GET', url: '/api/submissions', headers: owner.headers })).items).toHaveLength(3);
  });
}, { PUBLIC_RATE_LIMIT: '3' });
