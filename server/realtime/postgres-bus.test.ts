import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { createTestApp, json, testEngines, type TestApp } from '../test/app.js';
import { createOwner } from '../test/factories.js';
import { listenOnce, openSocket } from '../test/sockets.js';
import type { App } from '../types.js';
import type { LiveEvent } from './events.js';
import { PostgresEventBus } from './postgres-bus.js';

/** A second server on the same PostgreSQL database as `first`, as in a multi-instance deployment. */
async function secondInstance(first: TestApp): Promise<{ app: App; close(): Promise<void> }> {
  const config = loadConfig({ DATA_DIR: first.dataDir, DATABASE_URL: (first.config.database as { url: string }).url, PUBLIC_RATE_LIMIT: '100000' });
  const database = openDatabase(config.database);
  const app = await buildApp({ config, database, logger: false });
  await app.ready();
  return { app, close: async () => { await app.close(); await database.close(); } };
}

describe.skipIf(!testEngines().includes('postgres'))('PostgresEventBus across two servers', () => {
  let a: TestApp;
  let b: { app: App; close(): Promise<void> };
  let baseA = '';
  beforeAll(async () => {
    a = await createTestApp('postgres');
    b = await secondInstance(a);
    baseA = await listenOnce(a.app);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('is the bus the app uses on PostgreSQL', () => {
    expect(a.app.events).toBeInstanceOf(PostgresEventBus);
    expect(b.app.events).toBeInstanceOf(PostgresEventBus);
  });

  it('delivers messages posted through server B to sockets on server A, including a 10,000-character one', async () => {
    const owner = await createOwner(a);
    const dashboard = await openSocket(`${baseA}/api/ws`, { cookie: owner.cookie });

    const started = await b.app.inject({ method: 'POST', url: `/api/widget/${owner.siteKey}/conversations`, payload: { message: { body: 'via B' } } });
    expect(started.statusCode).toBe(201);
    const { conversation, visitorToken } = json(started);
    const created = await dashboard.next();
    expect(created).toMatchObject({ type: 'conversation.created', data: { conversation: { id: conversation.id } } });

    const widget = await openSocket(`${baseA}/api/widget/conversations/${conversation.id}/ws?token=${visitorToken}`);
    // Multi-byte characters, quotes and backslashes: about 40 KB of JSON, far above NOTIFY's 8000 bytes.
    const huge = '€"\\🙂'.repeat(2500);
    expect(Array.from(huge)).toHaveLength(10_000);
    const sent = await b.app.inject({ method: 'POST', url: `/api/widget/conversations/${conversation.id}/messages`, headers: { 'x-visitor-token': visitorToken }, payload: { body: huge } });
    expect(sent.statusCode).toBe(201);
    const ownerFrame = await dashboard.next();
    expect(ownerFrame.type).toBe('message.created');
    expect(ownerFrame.data.message).toEqual({ ...json(sent).message, authorName: undefined, authorUser: null });
    expect(ownerFrame.data.message.body).toBe(huge);
    expect((await widget.next()).data.message.body).toBe(huge);

    // Sessions live in the shared database: the owner's cookie works on server B as well.
    const owners = { cookie: owner.cookie, origin: a.origin };
    const reply = await b.app.inject({ method: 'POST', url: `/api/conversations/${conversation.id}/messages`, headers: owners, payload: { body: 'answered from B' } });
    expect(reply.statusCode).toBe(201);
    const { authorUser, ...shared } = json(reply).message;
    expect(await widget.next()).toEqual({ type: 'message.created', data: { message: { ...shared, authorName: authorUser.name } } });
    expect((await dashboard.next()).data.message.body).toBe('answered from B');

    expect((await b.app.inject({ method: 'DELETE', url: `/api/conversations/${conversation.id}`, headers: owners })).statusCode).toBe(204);
    expect((await dashboard.next()).type).toBe('conversation.deleted');
    expect((await widget.closed).code).toBe(4404);
    dashboard.close();
  });

  it('keeps one server’s events in publish order, small and chunked alike', async () => {
    const received: LiveEvent[] = [];
    const off = a.app.events.onOwner('order-test', (event) => received.push(event));
    const sent = Array.from({ length: 60 }, (_, i) => ({
      type: 'message.created' as const,
      data: { n: i, body: i % 7 === 0 ? 'x'.repeat(20_000) : 'small' },
    }));
    for (const event of sent) b.app.events.toOwner('order-test', event);
    await vi.waitFor(() => expect(received).toHaveLength(60), { timeout: 10_000 });
    expect(received).toEqual(sent);
    off();
  });

  it('delivers a server’s own events once (locally), not again when its NOTIFY comes back', async () => {
    const onA: LiveEvent[] = [];
    const onB: LiveEvent[] = [];
    const offA = a.app.events.onConversation('echo-test', (event) => onA.push(event));
    const offB = b.app.events.onConversation('echo-test', (event) => onB.push(event));
    a.app.events.toConversation('echo-test', { type: 'message.created', data: { from: 'A' } });
    expect(onA).toHaveLength(1); // synchronously, before any round trip
    await vi.waitFor(() => expect(onB).toHaveLength(1), { timeout: 10_000 });
    // Notifications reach every listener in commit order: once B's later event arrives on A, A's echo would have too.
    b.app.events.toConversation('echo-test', { type: 'message.created', data: { from: 'B' } });
    await vi.waitFor(() => expect(onA).toHaveLength(2), { timeout: 10_000 });
    expect(onA.map((e) => e.data.from)).toEqual(['A', 'B']);
    offA();
    offB();
  });

  it('reconnects its LISTEN connection after losing it', async () => {
    const received: LiveEvent[] = [];
    const off = a.app.events.onOwner('reconnect-test', (event) => received.push(event));
    const killed = await sql<{ pid: number }>`
      select pg_terminate_backend(pid) as pid from pg_stat_activity
      where application_name = 'floatmessage-live' and datname = current_database()`.execute(a.app.db);
    expect(killed.rows.length).toBe(2);
    // Events sent while A is reconnecting are missed by A; keep publishing until one arrives.
    await vi.waitFor(() => {
      b.app.events.toOwner('reconnect-test', { type: 'message.created', data: { probe: true } });
      expect(received.length).toBeGreaterThan(0);
    }, { timeout: 20_000, interval: 200 });
    off();
  });

  it('after A\'s LISTEN connection is terminated, every socket on A (dashboard and widget) gets a resync frame, and live events flow again', async () => {
    const owner = await createOwner(a);
    const dashboard = await openSocket(`${baseA}/api/ws`, { cookie: owner.cookie });
    const started = await b.app.inject({ method: 'POST', url: `/api/widget/${owner.siteKey}/conversations`, payload: { message: { body: 'hello' } } });
    const { conversation, visitorToken } = json(started);
    expect((await dashboard.next()).type).toBe('conversation.created');
    const widget = await openSocket(`${baseA}/api/widget/conversations/${conversation.id}/ws?token=${visitorToken}`);
    const pid = (a.app.events as PostgresEventBus).listenerProcessId;
    expect(pid).toEqual(expect.any(Number));
    await sql`select pg_terminate_backend(${pid}::int)`.execute(b.app.db);

    expect(await dashboard.next()).toEqual({ type: 'resync', data: {} });
    expect(await widget.next()).toEqual({ type: 'resync', data: {} });
    expect((a.app.events as PostgresEventBus).listenerProcessId).not.toBe(pid);
    const sent = await b.app.inject({ method: 'POST', url: `/api/widget/conversations/${conversation.id}/messages`, headers: { 'x-visitor-token': visitorToken }, payload: { body: 'after the gap' } });
    expect(sent.statusCode).toBe(201);
    expect((await widget.next()).data.message.body).toBe('after the gap');
    expect((await dashboard.next()).data.message.body).toBe('after the gap');
    dashboard.close();
    widget.close();
  });

  it('notices a LISTEN connection that silently stopped answering (backend stopped with SIGSTOP) and resyncs', async (context) => {
    const url = (a.config.database as { url: string }).url;
    const bus = await PostgresEventBus.start({ url, db: a.app.db, log: a.app.log, livenessIntervalMs: 200, livenessTimeoutMs: 400 });
    const pid = bus.listenerProcessId!;
    try {
      process.kill(pid, 0);
    } catch {
      await bus.close();
      console.warn(`SKIPPED: the PostgreSQL backend ${pid} is not a process this test can signal (remote server or other user).`);
      context.skip();
    }
    const received: LiveEvent[] = [];
    const off = bus.onOwner('silent-test', (event) => received.push(event));
    process.kill(pid, 'SIGSTOP');
    try {
      await vi.waitFor(() => expect(received).toContainEqual({ type: 'resync', data: {} }), { timeout: 20_000, interval: 50 });
      expect(bus.listenerProcessId).not.toBe(pid);
      b.app.events.toOwner('silent-test', { type: 'message.created', data: { after: true } });
      await vi.waitFor(() => expect(received).toContainEqual({ type: 'message.created', data: { after: true } }), { timeout: 10_000 });
    } finally {
      process.kill(pid, 'SIGCONT');
      off();
      await bus.close();
    }
  });
});
