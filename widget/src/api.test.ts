import { beforeAll, expect, it } from 'vitest';
import { validateSubmission } from '../../shared/forms/validate-submission.js';
import { describeEachEngine, json } from '../../server/test/app.js';
import { createOwner } from '../../server/test/factories.js';
import { createFormFor } from '../../server/test/forms.js';
import { listenOnce } from '../../server/test/sockets.js';
import { ApiError, createApi } from './api.js';

/** The widget's API client against the real server: forms as the embed renders and submits them. */
describeEachEngine('widget API client: forms', (t) => {
  let origin = '';
  beforeAll(async () => {
    origin = (await listenOnce(t().app)).replace('ws:', 'http:');
  });

  const failureOf = async (promise: Promise<unknown>): Promise<ApiError> => {
    try {
      await promise;
    } catch (error) {
      if (error instanceof ApiError) return error;
      throw error;
    }
    throw new Error('expected the call to fail');
  };

  it('loads a form definition and submits it with the page URL', async () => {
    const owner = await createOwner(t());
    const created = await createFormFor(t(), owner);
    const api = createApi(origin);
    const form = await api.getForm(owner.siteKey, created.id);
    expect(form.fields.map((field) => field.name)).toEqual(['first_name', 'last_name', 'email', 'topic', 'message', 'consent']);

    const values = { first_name: 'Ada', last_name: '', email: 'ada@example.com', topic: 'Support', message: 'Hi', consent: true, _hp: '' };
    expect(validateSubmission(form.fields, values).ok).toBe(true);
    const receipt = await api.submitForm(owner.siteKey, form.id, values, 'https://shop.example/contact');
    const detail = json(await t().app.inject({ method: 'GET', url: `/api/submissions/${receipt.submission.id}`, headers: owner.headers }));
    expect(detail.submission).toMatchObject({ formId: form.id, pageUrl: 'https://shop.example/contact', visitor: { name: 'Ada', email: 'ada@example.com' } });
  });

  it('gets from the server exactly the per-field problems the widget shows before sending', async () => {
    const owner = await createOwner(t());
    const created = await createFormFor(t(), owner);
    const api = createApi(origin);
    const form = await api.getForm(owner.siteKey, created.id);
    const cases: Record<string, unknown>[] = [
      { first_name: ' ', last_name: '', email: 'not-an-email', topic: 'Billing', message: '', consent: false },
      { first_name: 'Ada', last_name: 'x'.repeat(1001), email: 'ada@example.com', topic: '', message: 'Hi', consent: true },
      { first_name: 'Ada', email: 'a@b.co', message: 'y'.repeat(10_001), consent: 'maybe' },
    ];
    for (const values of cases) {
      const local = validateSubmission(form.fields, values);
      if (local.ok) throw new Error('expected local problems');
      const failure = await failureOf(api.submitForm(owner.siteKey, form.id, values));
      expect(failure.status).toBe(422);
      expect(failure.problems).toEqual(local.problems);
    }
    expect(json(await t().app.inject({ method: 'GET', url: '/api/submissions', headers: owner.headers })).items).toEqual([]);
  });

  it('reports an unknown form as 404 and an unreachable server as a retryable network failure', async () => {
    const owner = await createOwner(t());
    const missing = await failureOf(createApi(origin).getForm(owner.siteKey, 'nope'));
    expect(missing).toMatchObject({ status: 404, code: 'not_found', retryable: false });
    const offline = await failureOf(createApi('http://127.0.0.1:1').getForm(owner.siteKey, 'nope'));
    expect(offline).toMatchObject({ status: 0, code: 'network', retryable: true });
  });
});
