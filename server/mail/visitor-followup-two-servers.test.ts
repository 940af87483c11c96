import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { createTestApp, testEngines, type TestApp } from '../test/app.js';
import { startChat } from '../test/chat.js';
import { createOwner } from '../test/factories.js';
import { listenOnce, openSocket } from '../test/sockets.js';
import { linksIn, startTestSmtpServer, type TestSmtpServer } from '../test/smtp-server.js';
import type { App } from '../types.js';

const later = () => Date.now() + 121_000;

describe.skipIf(!testEngines().includes('postgres'))('visitor mail with two servers on one PostgreSQL database', () => {
  let smtp: TestSmtpServer;
  let a: TestApp;
  let b: App;
  let closeB: () => Promise<void>;
  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    const env = { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, SMTP_FROM: 'FloatMessage <noreply@example.com>', PUBLIC_URL: 'http://localhost' };
    a = await createTestApp('postgres', env);
    const config = loadConfig({ ...env, DATA_DIR: a.dataDir, DATABASE_URL: (a.config.database as { url: string }).url, PUBLIC_RATE_LIMIT: '100000' });
    const database = openDatabase(config.database);
    b = await buildApp({ config, database, logger: false });
    await b.ready();
    closeB = async () => { await b.close(); await database.close(); };
  });
  afterAll(async () => {
    await closeB?.();
    await a?.close();
    await smtp?.close();
  });

  it('sends a batch once when both servers tick at the same moment', async () => {
    const owner = await createOwner(a, { name: 'Duo Team' });
    const chats = await Promise.all(['one', 'two', 'three'].map((name) =>
      startChat(a, owner.siteKey, 'Hello', { visitor: { name, email: `duo-${name}@example.org` } })));
    for (const chat of chats) {
      for (const body of ['First', 'Second', 'Third']) {
        await a.app.inject({ method: 'POST', url: `/api/conversations/${chat.id}/messages`, headers: owner.headers, payload: { body } });
      }
    }
    const now = later();
    const [fromA, fromB] = await Promise.all([a.app.visitorMail.tick(now), b.visitorMail.tick(now)]);
    expect(fromA + fromB).toBe(3);
    for (const name of ['one', 'two', 'three']) {
      const mail = await smtp.waitFor((m) => m.to.includes(`duo-${name}@example.org`));
      // Whole batches: one server claimed all three replies of the conversation.
      for (const body of ['First', 'Second', 'Third']) expect(mail.parsed.text).toContain(body);
    }
    expect(await a.app.visitorMail.tick(later())).toBe(0);
    expect(await b.visitorMail.tick(later())).toBe(0);
    expect(smtp.received.filter((mail) => mail.to.some((to) => to.startsWith('duo-')))).toHaveLength(3);
  });

  it('sees a visitor socket on the other server as live, and a resume token works once across servers', async () => {
    const owner = await createOwner(a, { name: 'Duo Live' });
    const chat = await startChat(a, owner.siteKey, 'Hello', { visitor: { email: 'duo-live@example.org' } });
    const baseB = await listenOnce(b);
    const socket = await openSocket(`${baseB}/api/widget/conversations/${chat.id}/ws?token=${encodeURIComponent(chat.visitorToken)}`);
    try {
      await a.app.inject({ method: 'POST', url: `/api/conversations/${chat.id}/messages`, headers: owner.headers, payload: { body: 'Live on B' } });
      expect(await a.app.visitorMail.tick(later())).toBe(0);
    } finally {
      socket.close();
      await socket.closed;
    }

    const other = await startChat(a, owner.siteKey, 'Hello', { visitor: { email: 'duo-token@example.org' } });
    await a.app.inject({ method: 'POST', url: `/api/conversations/${other.id}/messages`, headers: owner.headers, payload: { body: 'Link please' } });
    expect(await b.visitorMail.tick(later())).toBe(1);
    const mail = await smtp.waitFor((m) => m.to.includes('duo-token@example.org'));
    const link = new URL(linksIn(mail.parsed.text).find((l) => l.includes('?t='))!);
    const path = `${link.pathname}${link.search}`;
    const answers = await Promise.all([a.app.inject({ method: 'GET', url: path }), b.inject({ method: 'GET', url: path })]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([303, 404]);
  });
});
