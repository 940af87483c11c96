import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, describeEachEngine, json, testEngines, type TestApp } from '../test/app.js';
import { startChat } from '../test/chat.js';
import { createOwner, type TestOwner } from '../test/factories.js';
import { createFormFor } from '../test/forms.js';
import { listenOnce } from '../test/sockets.js';

const NUL = 'a\u0000b';
const LONE = 'a\ud800b';
/** A lone surrogate cannot be percent-encoded as UTF-8; its CESU-8 bytes are what a client would send. */
const inUrl = (text: string) => (text === LONE ? 'a%ED%A0%80b' : encodeURIComponent(text));
const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describeEachEngine('hostile input: one answer on both engines', (t) => {
  let owner: TestOwner;
  let ticketId: string;
  beforeAll(async () => {
    owner = await createOwner(t());
    const chat = await startChat(t(), owner.siteKey);
    const created = await t().app.inject({ method: 'POST', url: '/api/tickets', headers: owner.headers, payload: { conversationId: chat.id } });
    ticketId = json(created).ticket.id;
  });

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    t().app.inject({ method, url, headers: owner.headers, ...(payload === undefined ? {} : { payload: payload as object }) });

  it('answers a NUL in a path id with 404, and a path that is not UTF-8 with 400', async () => {
    for (const [bad, status] of [[NUL, 404], [LONE, 400]] as const) {
      const id = inUrl(bad);
      for (const url of [`/api/tickets/${id}`, `/api/conversations/${id}`, `/api/forms/${id}`, `/api/submissions/${id}`, `/api/widget/${id}/config`]) {
        const response = await call('GET', url);
        expect(response.statusCode, url).toBe(status);
        expect(json(response).error.code).toBe(status === 404 ? 'not_found' : 'bad_url');
      }
      expect((await call('PATCH', `/api/tickets/${id}`, { notes: 'x' })).statusCode).toBe(status);
    }
  });

  it('answers a NUL or an unpaired surrogate in text (query or body) with 422 naming the field, and stores nothing', async () => {
    const query = await call('GET', '/api/tickets?assignee=a%00b');
    expect(query.statusCode).toBe(422);
    expect(json(query).error).toMatchObject({ code: 'validation_failed', field: 'querystring.assignee' });
    expect((await call('GET', '/api/tickets?conversationId=%00')).statusCode).toBe(422);
    // (A lone surrogate cannot travel in a URL: its bytes are not UTF-8 and are read as replacement text.)
    for (const bad of [NUL, LONE]) {
      const patch = await call('PATCH', `/api/tickets/${ticketId}`, { notes: `notes ${bad}` });
      expect(patch.statusCode).toBe(422);
      expect(json(patch).error.field).toBe('body.notes');
      expect((await call('PATCH', `/api/tickets/${ticketId}`, { title: bad })).statusCode).toBe(422);
      expect((await call('POST', '/api/forms', { name: bad, fields: [{ name: 'a', label: 'A', type: 'text' }] })).statusCode).toBe(422);
      // Without signing in: the login email.
      const login = await t().app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: `x${bad}@example.com`, password: 'whatever12' } });
      expect(login.statusCode).toBe(422);
      // A bad key is refused like a bad value.
      expect((await call('PATCH', `/api/tickets/${ticketId}`, { [bad]: 1 })).statusCode).toBe(422);
    }
    const ticket = json(await call('GET', `/api/tickets/${ticketId}`)).ticket;
    expect(ticket.notes).toBe('');
    expect(ticket.version).toBe(1);
  });

  it('keeps a valid astral character (a surrogate pair) as it is', async () => {
    const response = await call('PATCH', `/api/tickets/${ticketId}`, { title: 'Broken 😀 emoji' });
    expect(response.statusCode).toBe(200);
    expect(json(response).ticket.title).toBe('Broken 😀 emoji');
  });

  it('refuses tampered cursors with 422', async () => {
    for (const bad of [cursor({ n: 1.5 }), cursor({ n: '7' }), cursor({ n: 1e300 }), cursor([1]), cursor(null), 'not-base64!', cursor({ t: 1, id: NUL })]) {
      for (const url of ['/api/tickets', '/api/conversations', '/api/submissions', '/api/forms']) {
        const response = await call('GET', `${url}?cursor=${encodeURIComponent(bad)}`);
        expect(response.statusCode, `${url} ${bad}`).toBe(422);
      }
    }
  });

  it('refuses timestamps that Date cannot represent (a leap second) with 422', async () => {
    const response = await call('GET', `/api/reports/resolution?from=${encodeURIComponent('2026-12-31T23:59:60Z')}`);
    expect(response.statusCode).toBe(422);
    expect(json(response).error.code).toBe('validation_failed');
  });

  it('never coerces an array or an object into a scalar in a JSON body', async () => {
    for (const payload of [{ status: ['closed'] }, { status: { value: 'closed' } }, { title: true }, { title: 42 }, { notes: ['x'] }]) {
      const response = await call('PATCH', `/api/tickets/${ticketId}`, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(422);
    }
    expect(json(await call('GET', `/api/tickets/${ticketId}`)).ticket.status).toBe('new');
    // Query strings are text: numbers are still read from them, but a repeated parameter is not a scalar.
    expect((await call('GET', '/api/tickets?limit=2')).statusCode).toBe(200);
    expect((await call('GET', '/api/tickets?status=closed&status=new')).statusCode).toBe(422);
  });

  it('uses the error shape for malformed JSON and a path that is not UTF-8', async () => {
    const badJson = await t().app.inject({ method: 'PATCH', url: `/api/tickets/${ticketId}`, headers: { ...owner.headers, 'content-type': 'application/json' }, payload: '{"notes":' });
    expect(badJson.statusCode).toBe(400);
    expect(json(badJson).error.code).toBe('malformed_json');
    const badPath = await call('GET', '/api/tickets/%ff%fe');
    expect(badPath.statusCode).toBe(400);
    expect(json(badPath).error).toMatchObject({ code: 'bad_url' });
  });

  it('refuses a look-alike origin on a cookie mutation', async () => {
    for (const origin of ['http://localhost.evil.test', 'http://localhost:80.evil.test', 'null', 'http://evil.test/http://localhost']) {
      const response = await t().app.inject({ method: 'PATCH', url: `/api/tickets/${ticketId}`, headers: { cookie: owner.cookie, origin }, payload: { notes: 'csrf' } });
      expect(response.statusCode, origin).toBe(403);
    }
  });
});

describe('hostile input: HTTP framing and request ids', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp(testEngines()[0]!);
    port = Number(new URL((await listenOnce(t.app)).replace('ws:', 'http:')).port);
  });
  afterAll(async () => t?.close());

  it('answers a request that is not HTTP with the JSON error shape', async () => {
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write('GET / HTTP/1.1\r\nHost: x\r\nContent-Length: zz\r\n\r\n'));
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(raw.split('\r\n\r\n')[1]!)).toMatchObject({ error: { code: 'bad_request' } });
  });

  it('adopts a short plain x-request-id and replaces anything else', async () => {
    const plain = await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'abc-123.X_y' } });
    expect(plain.headers['x-request-id']).toBe('abc-123.X_y');
    for (const bad of ['x'.repeat(65), 'two words', 'a\r\nb', '<script>', 'ü']) {
      const response = await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': bad } });
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe('security headers', () => {
  let t: TestApp;
  let framed: TestApp;
  let owner: TestOwner;
  let formId: string;
  beforeAll(async () => {
    t = await createTestApp(testEngines()[0]!);
    framed = await createTestApp(testEngines()[0]!, { FORM_FRAME_ANCESTORS: 'https://shop.example.com' });
    owner = await createOwner(t);
    formId = (await createFormFor(t, owner)).id;
  });
  afterAll(async () => {
    await t?.close();
    await framed?.close();
  });

  it('sends a CSP without inline scripts, no framing, nosniff and a referrer policy on the dashboard', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/tickets/123' });
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  });

  it('sends nosniff on every API answer, errors included', async () => {
    for (const url of ['/api/me', '/api/tickets/nope', '/healthz']) {
      expect((await t.app.inject({ method: 'GET', url })).headers['x-content-type-options'], url).toBe('nosniff');
    }
  });

  it('lets only the configured sites frame a hosted form', async () => {
    const closed = await t.app.inject({ method: 'GET', url: `/f/${formId}` });
    expect(String(closed.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    expect(closed.headers['x-frame-options']).toBe('DENY');
    const other = await createOwner(framed);
    const otherForm = (await createFormFor(framed, other)).id;
    const open = await framed.app.inject({ method: 'GET', url: `/f/${otherForm}` });
    expect(String(open.headers['content-security-policy'])).toContain('frame-ancestors https://shop.example.com');
    expect(open.headers['x-frame-options']).toBeUndefined();
  });

  it('refuses an invalid FORM_FRAME_ANCESTORS at start', async () => {
    await expect(createTestApp(testEngines()[0]!, { FORM_FRAME_ANCESTORS: "'none' https://x.test; script-src *" })).rejects.toThrow(/FORM_FRAME_ANCESTORS/);
  });
});

describe('links in production without PUBLIC_URL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(testEngines()[0]!, { NODE_ENV: 'production' });
  });
  afterAll(async () => t?.close());

  it('never builds a shown link from the Host or X-Forwarded-Host header', async () => {
    const owner = await createOwner(t);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/team/invites',
      headers: { ...owner.headers, host: 'evil.test', 'x-forwarded-host': 'evil.test', origin: 'http://evil.test' },
      payload: {},
    });
    expect(response.statusCode).toBe(201);
    expect(json(response).url).toMatch(/^\/invite\/[^/]+$/);
  });
});
