import type { InjectOptions } from 'fastify';
import type { TestApp } from './app.js';
import { json } from './app.js';
import type { TestOwner } from './factories.js';

/** A contact form exercising every field type. */
export const contactFormBody = () => ({
  name: 'Contact us',
  fields: [
    { name: 'first_name', label: 'First name', type: 'text', required: true },
    { name: 'last_name', label: 'Last name', type: 'text' },
    { name: 'email', label: 'Email', type: 'email', required: true },
    { name: 'topic', label: 'Topic', type: 'select', options: ['Sales', 'Support'] },
    { name: 'message', label: 'Message', type: 'textarea', required: true },
    { name: 'consent', label: 'I agree', type: 'checkbox', required: true },
  ],
});

export const validContactFields = () => ({
  first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', topic: 'Sales', message: 'Hello there', consent: true,
});

/** Creates a form through the API and returns it as answered. */
export async function createFormFor(t: TestApp, owner: TestOwner, body: object = contactFormBody()) {
  const response = await t.app.inject({ method: 'POST', url: '/api/forms', headers: owner.headers, payload: body });
  if (response.statusCode !== 201) throw new Error(`form create failed: ${response.statusCode} ${response.body}`);
  return json(response).form as { id: string; name: string; fields: { name: string }[] };
}

/** Submits JSON through the public endpoint, as the widget does. */
export function submitJson(t: TestApp, siteKey: string, formId: string, payload: object, extra: Partial<InjectOptions> = {}) {
  return t.app.inject({ method: 'POST', url: `/api/widget/${siteKey}/forms/${formId}/submissions`, payload, ...extra });
}

/** Submits a classic urlencoded HTML form post. */
export function submitClassic(t: TestApp, siteKey: string, formId: string, values: Record<string, string>, headers: Record<string, string> = {}) {
  return t.app.inject({
    method: 'POST',
    url: `/api/widget/${siteKey}/forms/${formId}/submissions`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: new URLSearchParams(values).toString(),
  });
}
