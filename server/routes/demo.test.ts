import { expect, it } from 'vitest';
import { describeEachEngine } from '../test/app.js';
import { createOwner } from '../test/factories.js';
import { createFormFor } from '../test/forms.js';

describeEachEngine('demo page', (t) => {
  it('answers an HTML 401 pointing to sign-in without a valid session', async () => {
    for (const headers of [{}, { cookie: 'fm_session=s_forged' }]) {
      const response = await t().app.inject({ method: 'GET', url: '/demo', headers });
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.body).toContain('<a href="/login">Sign in to the dashboard</a>');
      expect(response.body).not.toContain('widget.js');
    }
  });

  it('embeds the signed-in owner’s widget, and says how to make a form when there is none', async () => {
    const owner = await createOwner(t());
    const response = await t().app.inject({ method: 'GET', url: '/demo', headers: { cookie: owner.cookie } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const csp = response.headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain('connect-src \'self\' ws://localhost');
    expect(response.body).toContain(`<script src="/widget.js" data-site="${owner.siteKey}" async></script>`);
    // The snippet to paste elsewhere names this server absolutely.
    expect(response.body).toContain(`&lt;script src=&quot;http://localhost/widget.js&quot; data-site=&quot;${owner.siteKey}&quot; async&gt;&lt;/script&gt;`);
    expect(response.body).toContain('You have no forms yet');
    expect(response.body).not.toContain('data-floatmessage-form=');
  });

  it('embeds the owner’s first form (the oldest), escaped, with its hosted link; never another owner’s', async () => {
    const owner = await createOwner(t());
    const other = await createOwner(t());
    const otherForm = await createFormFor(t(), other);
    const first = await createFormFor(t(), owner, { name: 'Quote <request>', fields: [{ name: 'email', label: 'Email', type: 'email' }] });
    await createFormFor(t(), owner, { name: 'Later form', fields: [{ name: 'email', label: 'Email', type: 'email' }] });

    const html = (await t().app.inject({ method: 'GET', url: '/demo', headers: { cookie: owner.cookie } })).body;
    expect(html).toContain(`<div class="demo-form" data-floatmessage-form="${first.id}"></div>`);
    expect(html).toContain('<h2>Your form: Quote &lt;request&gt;</h2>');
    expect(html).toContain(`<a href="http://localhost/f/${first.id}">`);
    expect(html).toContain(`&lt;div data-floatmessage-form=&quot;${first.id}&quot;&gt;&lt;/div&gt;`);
    expect(html).not.toContain('Later form');
    expect(html).not.toContain(otherForm.id);
    expect(html).not.toContain(other.siteKey);
  });
});
