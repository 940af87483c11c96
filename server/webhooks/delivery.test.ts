import crypto from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine, json, type TestApp } from '../test/app.js';
import { createOwner, type TestOwner } from '../test/factories.js';
import { WebhookReceiver, type ReceivedHook } from '../test/webhook-receiver.js';
import { DISABLE_AFTER_FAILED_DELIVERIES, LOG_RETENTION_MS, MAX_ATTEMPTS, RETRY_DELAYS_MS, WebhookSender } from './sender.js';

/** The receiver's check, exactly as docs/WEBHOOKS.md shows it. */
function verifyWebhook(secret: string, rawBody: string, header: string, toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries(header.split(',').map((kv) => kv.split('=')));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > toleranceSeconds) return false;
  const expected = crypto.createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex');
  const given = String(parts.v1 ?? '');
  return given.length === expected.length && crypto.timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

describeEachEngine('webhook deliveries (real receiver on loopback)', (t) => {
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => receiver.close());

  const inject = (who: TestOwner, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t().app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });
  async function setUp(path: string, events = ['ticket.created', 'ticket.updated', 'ticket.deleted']) {
    const owner = await createOwner(t());
    const created = await inject(owner, 'POST', '/api/webhooks', { url: `${receiver.url}${path}`, events });
    expect(created.statusCode).toBe(201);
    const { webhook, secret } = json(created);
    return { owner, webhook, secret };
  }
  const at = (path: string) => (received: ReceivedHook[]) => received.filter((hook) => hook.path === path);
  const deliveries = async (who: TestOwner, webhookId: string) => json(await inject(who, 'GET', `/api/webhooks/${webhookId}/deliveries`)).items;
  /** Stands in for the clock: the retry is due now. */
  async function makeDue(t: TestApp, deliveryId: string) {
    await t.app.db.updateTable('webhook_deliveries').set({ next_attempt_at: 0 }).where('id', '=', deliveryId).execute();
    t.app.webhooks.wake();
  }
  async function until<T>(read: () => Promise<T>, check: (value: T) => boolean, what: string): Promise<T> {
    for (let i = 0; ; i++) {
      const value = await read();
      if (check(value)) return value;
      if (i > 800) throw new Error(`still waiting for ${what}: ${JSON.stringify(value)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  it('signs each delivery (verified with the documented recipe) and sends the owner-side ticket', async () => {
    const { owner, webhook, secret } = await setUp('/signed');
    const ticket = json(await inject(owner, 'POST', '/api/tickets', { title: 'Printer on fire' })).ticket;
    const patched = json(await inject(owner, 'PATCH', `/api/tickets/${ticket.id}`, { status: 'in_progress' })).ticket;
    expect((await inject(owner, 'DELETE', `/api/tickets/${ticket.id}`)).statusCode).toBe(204);
    await receiver.waitFor((r) => at('/signed')(r).length === 3, 'three events');
    const hooks = at('/signed')(receiver.received);
    const bodies = hooks.map((hook) => JSON.parse(hook.body));
    expect(bodies.map((b) => b.type).sort()).toEqual(['ticket.created', 'ticket.deleted', 'ticket.updated']);
    for (const hook of hooks) {
      expect(verifyWebhook(secret, hook.body, String(hook.headers['x-floatmessage-signature']))).toBe(true);
      expect(verifyWebhook('whsec_wrong', hook.body, String(hook.headers['x-floatmessage-signature']))).toBe(false);
      expect(verifyWebhook(secret, `${hook.body} `, String(hook.headers['x-floatmessage-signature']))).toBe(false);
      expect(hook.headers['content-type']).toBe('application/json');
      expect(hook.headers['x-floatmessage-event']).toBe(JSON.parse(hook.body).type);
    }
    const updated = bodies.find((b) => b.type === 'ticket.updated');
    expect(updated).toEqual({ id: expect.any(String), type: 'ticket.updated', createdAt: expect.any(String), data: { ticket: patched } });
    expect(bodies.find((b) => b.type === 'ticket.deleted').data).toEqual({ id: ticket.id });
    const log = await until(() => deliveries(owner, webhook.id), (items) => items.every((d: { status: string }) => d.status === 'delivered'), 'delivered log');
    expect(log).toHaveLength(3);
    expect(log.map((d: { id: string }) => d.id).sort()).toEqual(hooks.map((hook) => hook.headers['x-floatmessage-delivery']).sort());
    expect(log[0]).toMatchObject({ attempts: 1, lastStatusCode: 200, lastError: null, deliveredAt: expect.any(String), nextAttemptAt: null });
  });

  it('retries after a 500 and after a timeout with the same delivery id, on the backoff schedule', async () => {
    const { owner, webhook } = await setUp('/flaky', ['ticket.created']);
    receiver.answer = (hook, index) => {
      if (hook.path !== '/flaky') return { status: 200 };
      const nth = at('/flaky')(receiver.received.slice(0, index + 1)).length;
      return nth === 1 ? { status: 500, body: 'x'.repeat(5000) } : nth === 2 ? 'hang' : { status: 204 };
    };
    const before = Date.now();
    await inject(owner, 'POST', '/api/tickets', { title: 'Retry me' });
    const [first] = await until(() => deliveries(owner, webhook.id), (items) => items[0]?.attempts === 1, 'first attempt');
    expect(first).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500, lastError: 'Answered 500.' });
    // Next try after the first backoff step (1 minute), not at once.
    expect(Date.parse(first.nextAttemptAt)).toBeGreaterThanOrEqual(before + RETRY_DELAYS_MS[0]!);
    const row = await t().app.db.selectFrom('webhook_deliveries').select('last_response').where('id', '=', first.id).executeTakeFirstOrThrow();
    expect(row.last_response).toHaveLength(1024);

    await makeDue(t(), first.id);
    const [second] = await until(() => deliveries(owner, webhook.id), (items) => items[0]?.attempts === 2, 'timed-out attempt');
    expect(second).toMatchObject({ status: 'pending', lastStatusCode: null, lastError: 'No answer within 0.5 s.' });
    expect(Date.parse(second.nextAttemptAt) - Date.parse(first.nextAttemptAt)).toBeGreaterThanOrEqual(RETRY_DELAYS_MS[1]! - RETRY_DELAYS_MS[0]!);

    await makeDue(t(), first.id);
    const [third] = await until(() => deliveries(owner, webhook.id), (items) => items[0]?.status === 'delivered', 'delivered');
    expect(third).toMatchObject({ attempts: 3, lastStatusCode: 204, lastError: null });
    const ids = at('/flaky')(receiver.received).map((hook) => hook.headers['x-floatmessage-delivery']);
    expect(ids).toEqual([first.id, first.id, first.id]);
    receiver.answer = () => ({ status: 200 });
  });

  it('redelivers on request (same id and body, fresh signature) and does not follow redirects', async () => {
    const { owner, webhook } = await setUp('/moved', ['ticket.created']);
    receiver.answer = (hook) => (hook.path === '/moved' ? { status: 302, headers: { location: `${receiver.url}/elsewhere` } } : { status: 200 });
    await inject(owner, 'POST', '/api/tickets', { title: 'Redirected' });
    const [failed] = await until(() => deliveries(owner, webhook.id), (items) => items[0]?.attempts === 1, 'redirected attempt');
    expect(failed).toMatchObject({ status: 'pending', lastStatusCode: 302, lastError: 'Answered 302 (redirects are not followed).' });
    expect(at('/elsewhere')(receiver.received)).toHaveLength(0);

    receiver.answer = () => ({ status: 200 });
    const again = await inject(owner, 'POST', `/api/webhooks/${webhook.id}/deliveries/${failed.id}/redeliver`);
    expect(again.statusCode).toBe(202);
    expect(json(again).delivery).toMatchObject({ id: failed.id, status: 'pending', attempts: 0 });
    await until(() => deliveries(owner, webhook.id), (items) => items[0]?.status === 'delivered', 'redelivered');
    const sent = at('/moved')(receiver.received);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.body).toBe(sent[0]!.body);
    expect(sent[1]!.headers['x-floatmessage-delivery']).toBe(failed.id);
    // Redelivering a delivered one sends it once more; another workspace's delivery id is a 404.
    const other = await createOwner(t());
    expect((await inject(other, 'POST', `/api/webhooks/${webhook.id}/deliveries/${failed.id}/redeliver`)).statusCode).toBe(404);
    expect((await inject(owner, 'POST', `/api/webhooks/${webhook.id}/deliveries/nope/redeliver`)).statusCode).toBe(404);
  });

  it('marks a delivery failed after the last attempt and disables an endpoint that keeps failing, with a reason', async () => {
    const { owner, webhook } = await setUp('/down', ['ticket.created']);
    receiver.answer = (hook) => (hook.path === '/down' ? { status: 503 } : { status: 200 });
    for (let i = 0; i < DISABLE_AFTER_FAILED_DELIVERIES; i++) await inject(owner, 'POST', '/api/tickets', { title: `Doomed ${i}` });
    await until(() => deliveries(owner, webhook.id), (items) => items.length === DISABLE_AFTER_FAILED_DELIVERIES && items.every((d: { attempts: number }) => d.attempts === 1), 'first attempts');
    // Stands in for 31 hours of retries: each delivery is at its last attempt and due.
    await t().app.db.updateTable('webhook_deliveries').set({ attempts: MAX_ATTEMPTS - 1, next_attempt_at: 0 }).where('webhook_id', '=', webhook.id).execute();
    t().app.webhooks.wake();
    const log = await until(() => deliveries(owner, webhook.id), (items) => items.every((d: { status: string }) => d.status === 'failed'), 'failed deliveries');
    expect(log[0]).toMatchObject({ attempts: MAX_ATTEMPTS, lastStatusCode: 503, nextAttemptAt: null });
    const [listed] = json(await inject(owner, 'GET', '/api/webhooks')).items;
    expect(listed).toMatchObject({ id: webhook.id, active: false, disabledReason: expect.stringContaining(`${DISABLE_AFTER_FAILED_DELIVERIES} deliveries in a row failed`) });

    // While off, events for it are not recorded; turned back on, it works again and the reason is gone.
    await inject(owner, 'POST', '/api/tickets', { title: 'While off' });
    expect(await deliveries(owner, webhook.id)).toHaveLength(DISABLE_AFTER_FAILED_DELIVERIES);
    receiver.answer = () => ({ status: 200 });
    const on = json(await inject(owner, 'PATCH', `/api/webhooks/${webhook.id}`, { active: true })).webhook;
    expect(on).toMatchObject({ active: true, disabledReason: null });
    await inject(owner, 'POST', '/api/tickets', { title: 'Back on' });
    await until(() => deliveries(owner, webhook.id), (items) => items[0]?.status === 'delivered', 'delivery after re-enabling');
  });

  it('sends chat and form events with the owner-side objects', async () => {
    const { owner, webhook } = await setUp('/chat', ['conversation.created', 'message.created', 'submission.created']);
    const started = await t().app.inject({ method: 'POST', url: `/api/widget/${owner.siteKey}/conversations`, payload: { visitor: { name: 'Ada' }, message: { body: 'Hi there' } } });
    expect(started.statusCode).toBe(201);
    const { conversation, visitorToken } = json(started);
    await t().app.inject({ method: 'POST', url: `/api/widget/conversations/${conversation.id}/messages`, headers: { 'x-visitor-token': visitorToken }, payload: { body: 'Anyone?' } });
    const reply = json(await inject(owner, 'POST', `/api/conversations/${conversation.id}/messages`, { body: 'Yes!' })).message;
    const form = json(await inject(owner, 'POST', '/api/forms', { name: 'Contact', fields: [{ name: 'email', label: 'Email', type: 'email', required: true }] })).form;
    expect((await t().app.inject({ method: 'POST', url: `/api/widget/${owner.siteKey}/forms/${form.id}/submissions`, payload: { fields: { email: 'ada@example.com' } } })).statusCode).toBe(201);
    await receiver.waitFor((r) => at('/chat')(r).length === 4, 'four chat/form events');
    const bodies = at('/chat')(receiver.received).map((hook) => JSON.parse(hook.body));
    const byType = (type: string) => bodies.filter((b) => b.type === type).map((b) => b.data);
    expect(byType('conversation.created')[0]).toMatchObject({ conversation: { id: conversation.id, visitor: { name: 'Ada' } }, message: { body: 'Hi there', author: 'visitor' } });
    expect(byType('message.created').map((d) => d.message.body).sort()).toEqual(['Anyone?', 'Yes!']);
    expect(byType('message.created').find((d) => d.message.id === reply.id).message).toEqual(reply);
    expect(byType('submission.created')[0]).toMatchObject({ formId: form.id, visitor: { email: 'ada@example.com' } });
    expect(await deliveries(owner, webhook.id)).toHaveLength(4);
  });

  it('prunes finished deliveries after the retention period, never pending ones', async () => {
    const { owner, webhook } = await setUp('/prune', ['ticket.created']);
    receiver.answer = () => ({ status: 200 });
    await inject(owner, 'POST', '/api/tickets', { title: 'Old news' });
    await until(() => deliveries(owner, webhook.id), (items) => items[0]?.status === 'delivered', 'delivered');
    receiver.answer = (hook) => (hook.path === '/prune' ? { status: 500 } : { status: 200 });
    await inject(owner, 'POST', '/api/tickets', { title: 'Still trying' });
    await until(() => deliveries(owner, webhook.id), (items) => items.length === 2 && items[0]?.attempts === 1, 'failed first attempt');
    const old = Date.now() - LOG_RETENTION_MS - 1000;
    await t().app.db.updateTable('webhook_deliveries').set({ created_at: old }).where('webhook_id', '=', webhook.id).execute();
    // A 'prunedAt' of the app's sender may be recent; a fresh one prunes on its first round.
    await new WebhookSender({ db: t().app.db, engine: t().engine, config: t().config.webhooks, log: console }).pruneLog();
    const left = await deliveries(owner, webhook.id);
    expect(left.map((d: { status: string }) => d.status)).toEqual(['pending']);
    receiver.answer = () => ({ status: 200 });
  });
}, { WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_TIMEOUT_MS: '500' });

describeEachEngine('webhook sender concurrency', (t) => {
  it('keeps sending other deliveries while a slow endpoint holds its attempts open', async () => {
    const receiver = await WebhookReceiver.start();
    try {
      receiver.answer = (hook) => (hook.path === '/slow' ? 'hang' : { status: 200 });
      const slowOwner = await createOwner(t());
      const fastOwner = await createOwner(t());
      for (const [who, path] of [[slowOwner, '/slow'], [fastOwner, '/fast']] as const) {
        const created = await t().app.inject({ method: 'POST', url: '/api/webhooks', headers: who.headers, payload: { url: `${receiver.url}${path}`, events: ['ticket.created'] } });
        expect(created.statusCode).toBe(201);
      }
      for (let i = 0; i < 12; i++) await t().app.inject({ method: 'POST', url: '/api/tickets', headers: slowOwner.headers, payload: { title: `Slow ${i}` } });
      await receiver.waitFor((r) => r.filter((hook) => hook.path === '/slow').length === 12, 'all slow attempts open');
      // The slow receiver answers nothing (the timeout is a minute): the fast endpoint still gets its event.
      await t().app.inject({ method: 'POST', url: '/api/tickets', headers: fastOwner.headers, payload: { title: 'Fast' } });
      await receiver.waitFor((r) => r.some((hook) => hook.path === '/fast'), 'the fast delivery');
      const slowRows = await t().app.db.selectFrom('webhook_deliveries').select(['attempts', 'status']).where('owner_id', '=', slowOwner.user.id).execute();
      expect(slowRows.every((row) => row.attempts === 0 && row.status === 'pending')).toBe(true);
      receiver.release(200);
    } finally {
      await receiver.close();
    }
  });
}, { WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_TIMEOUT_MS: '60000' });
