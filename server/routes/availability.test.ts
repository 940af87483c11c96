import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine, json } from '../test/app.js';
import { startChat } from '../test/chat.js';
import { createOwner, type TestOwner } from '../test/factories.js';
import { listenOnce, openSocket } from '../test/sockets.js';
import { createToken } from '../test/team.js';

const ALL_WEEK = [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, from: '00:00', to: '24:00' }));

describeEachEngine('availability and the widget config', (t) => {
  let base = '';
  beforeAll(async () => {
    base = await listenOnce(t().app);
  });
  const put = (who: TestOwner, payload: object) => t().app.inject({ method: 'PUT', url: '/api/settings/availability', headers: who.headers, payload });
  const config = async (siteKey: string, query = '', headers: Record<string, string> = {}) => {
    const response = await t().app.inject({ method: 'GET', url: `/api/widget/${siteKey}/config${query}`, headers });
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    return json(response);
  };
  const openDashboard = (who: TestOwner) => openSocket(`${base}/api/ws`, { cookie: who.cookie, origin: base.replace('ws:', 'http:') });

  it('stores hours sorted, answers them back, and keeps workspaces apart', async () => {
    const owner = await createOwner(t());
    const other = await createOwner(t());
    expect(json(await t().app.inject({ method: 'GET', url: '/api/settings/availability', headers: owner.headers }))).toEqual({ timezone: 'UTC', hours: [], awayMessage: '' });
    const saved = await put(owner, {
      timezone: 'Europe/Berlin',
      hours: [{ day: 2, from: '09:00', to: '17:30' }, { day: 1, from: '13:00', to: '18:00' }, { day: 1, from: '08:00', to: '12:00' }],
      awayMessage: '  We are out — leave your email.  ',
    });
    expect(saved.statusCode).toBe(200);
    const expected = {
      timezone: 'Europe/Berlin',
      hours: [{ day: 1, from: '08:00', to: '12:00' }, { day: 1, from: '13:00', to: '18:00' }, { day: 2, from: '09:00', to: '17:30' }],
      awayMessage: 'We are out — leave your email.',
    };
    expect(json(saved)).toEqual(expected);
    expect(json(await t().app.inject({ method: 'GET', url: '/api/settings/availability', headers: owner.headers }))).toEqual(expected);
    expect(json(await t().app.inject({ method: 'GET', url: '/api/settings/availability', headers: other.headers })).hours).toEqual([]);
  });

  it('refuses bad hours and time zones with 422, changing nothing', async () => {
    const owner = await createOwner(t());
    expect((await put(owner, { timezone: 'UTC', hours: ALL_WEEK, awayMessage: 'Away' })).statusCode).toBe(200);
    const bad = [
      { timezone: 'Mars/Olympus', hours: [], awayMessage: '' },
      { timezone: 'UTC', hours: [{ day: 1, from: '17:00', to: '09:00' }], awayMessage: '' },
      { timezone: 'UTC', hours: [{ day: 1, from: '09:00', to: '09:00' }], awayMessage: '' },
      { timezone: 'UTC', hours: [{ day: 7, from: '09:00', to: '10:00' }], awayMessage: '' },
      { timezone: 'UTC', hours: [{ day: 1, from: '9:00', to: '10:00' }], awayMessage: '' },
      { timezone: 'UTC', hours: [{ day: 1, from: '24:00', to: '24:00' }], awayMessage: '' },
      { timezone: 'UTC', hours: [], awayMessage: 'x'.repeat(501) },
      { timezone: 'UTC', hours: [] },
    ];
    for (const payload of bad) {
      const response = await put(owner, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(422);
      expect(json(response).error.code).toBeTruthy();
    }
    expect(json(await t().app.inject({ method: 'GET', url: '/api/settings/availability', headers: owner.headers })).awayMessage).toBe('Away');
    expect((await t().app.inject({ method: 'PUT', url: '/api/settings/availability', payload: { timezone: 'UTC', hours: [], awayMessage: '' } })).statusCode).toBe(401);
  });

  it('is online only within hours and while a teammate has the dashboard open (not an API token socket)', async () => {
    const owner = await createOwner(t());
    expect((await put(owner, { timezone: 'Asia/Tokyo', hours: ALL_WEEK, awayMessage: 'Back soon' })).statusCode).toBe(200);
    expect(await config(owner.siteKey)).toEqual({ online: false, awayMessage: 'Back soon', askEmail: true, withinHours: true, nextOpenAt: null });

    const token = await createToken(t(), owner);
    const integration = await openSocket(`${base}/api/ws`, { authorization: `Bearer ${token}` });
    expect((await config(owner.siteKey)).online).toBe(false);

    const dashboard = await openDashboard(owner);
    const second = await openDashboard(owner);
    expect(await config(owner.siteKey)).toMatchObject({ online: true, askEmail: false });
    second.close();
    await second.closed;
    expect((await config(owner.siteKey)).online).toBe(true);

    // Outside hours nobody is online, whoever has the dashboard open.
    expect((await put(owner, { timezone: 'UTC', hours: [], awayMessage: '' })).statusCode).toBe(200);
    expect(await config(owner.siteKey)).toMatchObject({ online: true, awayMessage: null });
    const now = new Date();
    const notToday = [0, 1, 2, 3, 4, 5, 6].filter((d) => d !== now.getUTCDay()).map((day) => ({ day, from: '10:00', to: '11:00' }));
    expect((await put(owner, { timezone: 'UTC', hours: notToday, awayMessage: 'Closed' })).statusCode).toBe(200);
    const closed = await config(owner.siteKey);
    expect(closed).toMatchObject({ online: false, withinHours: false, awayMessage: 'Closed', askEmail: true });
    const next = new Date(closed.nextOpenAt);
    expect(next.getUTCHours()).toBe(10);
    expect(next.getUTCMinutes()).toBe(0);
    expect(next.getTime()).toBeGreaterThan(now.getTime());
    expect(next.getTime() - now.getTime()).toBeLessThanOrEqual(2 * 24 * 3600_000);

    dashboard.close();
    await dashboard.closed;
    integration.close();
    expect((await put(owner, { timezone: 'UTC', hours: [], awayMessage: '' })).statusCode).toBe(200);
    // Sockets close asynchronously on the server side; presence follows the close event.
    await expect.poll(async () => (await config(owner.siteKey)).online).toBe(false);
  });

  it('asks for an email until the conversation has one; PATCH stores name and email and validates them', async () => {
    const owner = await createOwner(t());
    const chat = await startChat(t(), owner.siteKey, 'Anyone there?');
    const query = `?conversationId=${chat.id}`;
    expect((await config(owner.siteKey, query, chat.visitorHeaders)).askEmail).toBe(true);
    const patch = (payload: object, headers = chat.visitorHeaders) => t().app.inject({ method: 'PATCH', url: `/api/widget/conversations/${chat.id}`, headers, payload });

    for (const email of ['not-an-email', '', 'a@', `${'x'.repeat(250)}@example.com`]) {
      const refused = await patch({ email });
      expect(refused.statusCode, email).toBe(422);
    }
    expect((await patch({ name: 'x'.repeat(101) })).statusCode).toBe(422);
    expect((await patch({ email: 'ann@example.com' }, { 'x-visitor-token': 'vt_wrong' })).statusCode).toBe(404);
    expect((await patch({ email: 'ann@example.com' }, {})).statusCode).toBe(404);

    const dashboard = await openDashboard(owner);
    const stored = await patch({ name: ' Ann ', email: 'ann@example.com' });
    expect(stored.statusCode).toBe(200);
    expect(json(stored)).toEqual({ conversation: { id: chat.id, visitor: { name: 'Ann', email: 'ann@example.com' } } });
    expect(stored.headers['access-control-allow-origin']).toBe('*');
    const frame = await dashboard.next();
    expect(frame.type).toBe('conversation.updated');
    expect(frame.data.conversation.visitor).toMatchObject({ name: 'Ann', email: 'ann@example.com' });
    dashboard.close();
    await dashboard.closed;

    const owned = json(await t().app.inject({ method: 'GET', url: `/api/conversations/${chat.id}`, headers: owner.headers }));
    expect(owned.conversation.visitor).toMatchObject({ name: 'Ann', email: 'ann@example.com' });
    await expect.poll(async () => (await config(owner.siteKey, query, chat.visitorHeaders)).askEmail).toBe(false);
    // Another token does not learn about this conversation's email.
    expect((await config(owner.siteKey, query, { 'x-visitor-token': 'vt_wrong' })).askEmail).toBe(true);
    // An empty name clears it; email stays.
    expect(json(await patch({ name: '' })).conversation.visitor).toEqual({ name: null, email: 'ann@example.com' });
  });

  it('answers an unknown site with 404 and lets the widget PATCH cross-origin', async () => {
    expect((await t().app.inject({ method: 'GET', url: '/api/widget/nope/config' })).statusCode).toBe(404);
    const preflight = await t().app.inject({ method: 'OPTIONS', url: '/api/widget/conversations/x', headers: { origin: 'https://shop.example', 'access-control-request-method': 'PATCH' } });
    expect(String(preflight.headers['access-control-allow-methods'])).toContain('PATCH');
  });
});
