import { expect, it } from 'vitest';
import { describeEachEngine, json } from '../test/app.js';
import { createOwner } from '../test/factories.js';
import { contactFormBody, createFormFor } from '../test/forms.js';

/** The value of the hidden input `name` on a page. */
const hiddenValue = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
const unescape = (text: string) => text.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');

describeEachEngine('hosted form page', (t) => {
  it('renders the form as plain HTML that posts to the public endpoint, with no scripts allowed', async () => {
    const owner = await createOwner(t(), { name: 'Secret Owner Name' });
    const form = await createFormFor(t(), owner);
    const response = await t().app.inject({ method: 'GET', url: `/f/${form.id}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.headers['content-security-policy']).toContain("form-action 'self'");
    const html = response.body;
    expect(html).toContain(`<form method="post" action="/api/widget/${owner.siteKey}/forms/${form.id}/submissions"`);
    expect(html).not.toContain('<script');
    // Every field, with browser-side checks as HTML attributes.
    expect(html).toContain('<input type="text" id="fm-first_name" name="first_name" required maxlength="1000">');
    expect(html).toContain('<input type="email" id="fm-email" name="email" required maxlength="254" autocomplete="email">');
    expect(html).toContain('<option value="Sales">Sales</option><option value="Support">Support</option>');
    expect(html).toContain('<textarea id="fm-message" name="message" required rows="5" maxlength="10000"></textarea>');
    expect(html).toContain('<input type="checkbox" id="fm-consent" name="consent" required value="on">');
    // The honeypot is hidden from people and screen readers and skipped by the keyboard.
    expect(html).toMatch(/<div class="hp" aria-hidden="true">.*name="_hp" tabindex="-1" autocomplete="off"/);
    // The visitor sees the form, never owner data.
    expect(html).not.toContain('Secret Owner Name');
    expect(html).not.toContain(owner.user.email);
  });

  it('takes a post without JavaScript: 303 back to the page, thank-you state, submission stored with the page URL', async () => {
    const owner = await createOwner(t());
    const form = await createFormFor(t(), owner);
    const page = (await t().app.inject({ method: 'GET', url: `/f/${form.id}`, headers: { host: 'forms.example.test' } })).body;
    const redirect = unescape(hiddenValue(page, '_redirect')!);
    const pageUrl = unescape(hiddenValue(page, '_page_url')!);
    expect(redirect).toBe(`http://forms.example.test/f/${form.id}?sent=1`);
    expect(pageUrl).toBe(`http://forms.example.test/f/${form.id}`);

    // What the browser sends for this page: the fields, the empty honeypot, the two hidden inputs.
    const posted = await t().app.inject({
      method: 'POST',
      url: `/api/widget/${owner.siteKey}/forms/${form.id}/submissions`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', referer: pageUrl },
      payload: new URLSearchParams({
        first_name: 'Ada', last_name: '', email: 'ada@example.com', topic: 'Support', message: 'Hello', consent: 'on',
        _hp: '', _redirect: redirect, _page_url: pageUrl,
      }).toString(),
    });
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toBe(redirect);

    const thanks = await t().app.inject({ method: 'GET', url: `/f/${form.id}?sent=1` });
    expect(thanks.statusCode).toBe(200);
    expect(thanks.body).toContain('role="status">Thank you! Your answers were sent.');
    expect(thanks.body).not.toContain('<form');

    const list = json(await t().app.inject({ method: 'GET', url: '/api/submissions', headers: owner.headers }));
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ formId: form.id, pageUrl, visitor: { name: 'Ada', email: 'ada@example.com' } });
  });

  it('is documented in the OpenAPI description, with the widget script and the demo page', async () => {
    const doc = json(await t().app.inject({ method: 'GET', url: '/api/openapi.json' }));
    expect(Object.keys(doc.paths['/f/{formId}'].get.responses)).toEqual(['200', '404']);
    expect(doc.paths['/f/{formId}'].get.responses['200'].content).toHaveProperty('text/html');
    expect(doc.paths['/widget.js'].get.responses['200'].content).toHaveProperty('application/javascript');
    expect(doc.paths['/demo'].get.responses['401'].content).toHaveProperty('text/html');
  });

  it('escapes everything the owner typed', async () => {
    const owner = await createOwner(t());
    const hostile = '<script>alert(1)</script>"\'&';
    const form = await createFormFor(t(), owner, {
      name: hostile,
      fields: [
        { name: 'pick', label: hostile, type: 'select', options: [hostile, 'x" onfocus="alert(2)'] },
        { name: 'agree', label: '<img src=x onerror=alert(3)>', type: 'checkbox' },
      ],
    });
    const html = (await t().app.inject({ method: 'GET', url: `/f/${form.id}` })).body;
    expect(html).not.toMatch(/<script|<img|onfocus="/);
    expect(html).toContain('<title>&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;</title>');
    expect(html).toContain('<option value="x&quot; onfocus=&quot;alert(2)">');
  });

  it('answers an HTML 404 for an unknown form id, and after the form is deleted', async () => {
    const owner = await createOwner(t());
    const form = await createFormFor(t(), owner, contactFormBody());
    const unknown = await t().app.inject({ method: 'GET', url: '/f/no-such-form' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(unknown.body).toContain('<h1>Form not found</h1>');

    await t().app.inject({ method: 'DELETE', url: `/api/forms/${form.id}`, headers: owner.headers });
    const deleted = await t().app.inject({ method: 'GET', url: `/f/${form.id}` });
    expect(deleted.statusCode).toBe(404);
    expect(deleted.body).toBe(unknown.body);
  });
});

describeEachEngine('hosted form page behind PUBLIC_URL', (t) => {
  it('uses PUBLIC_URL for the redirect back when it is configured', async () => {
    const owner = await createOwner(t());
    // Cookie mutations must come from PUBLIC_URL's origin here.
    const form = await createFormFor(t(), { ...owner, headers: { ...owner.headers, origin: 'https://chat.example.com' } });
    const page = (await t().app.inject({ method: 'GET', url: `/f/${form.id}` })).body;
    expect(unescape(hiddenValue(page, '_redirect')!)).toBe(`https://chat.example.com/f/${form.id}?sent=1`);
  });
}, { PUBLIC_URL: 'https://chat.example.com' });
