import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { createTestApp, json, testEngines, type TestApp } from '../test/app.js';
import { startChat } from '../test/chat.js';
import { createOwner } from '../test/factories.js';
import { linksIn, startTestSmtpServer, type TestSmtpServer } from '../test/smtp-server.js';
import { listenOnce, openSocket } from '../test/sockets.js';
import { addTeammate } from '../test/team.js';
import type { App } from '../types.js';

/** Two servers on one PostgreSQL database, both mailing (each runs its own digest sender). */
describe.runIf(testEngines().includes('postgres'))('presence and digests across two servers [postgres]', () => {
  let smtp: TestSmtpServer;
  let a: TestApp;
  let b: { app: App; close(): Promise<void> };
  let baseB = '';
  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    const env = { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, SMTP_FROM: 'noreply@example.com', PUBLIC_URL: 'http://localhost', AGENT_EMAIL_DIGEST_S: '1', PUBLIC_RATE_LIMIT: '100000' };
    a = await createTestApp('postgres', env);
    const config = loadConfig({ ...env, DATA_DIR: a.dataDir, DATABASE_URL: (a.config.database as { url: string }).url });
    const database = openDatabase(config.database);
    const app = await buildApp({ config, database, logger: false });
    await app.ready();
    b = { app, close: async () => { await app.close(); await database.close(); } };
    baseB = await listenOnce(b.app);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await smtp?.close();
  });

  it('sees a teammate’s dashboard open on the other server as online, and offline once it closes', async () => {
    const owner = await createOwner(a);
    const mate = await addTeammate(a, owner);
    const config = async () => json(await a.app.inject({ method: 'GET', url: `/api/widget/${owner.siteKey}/config` }));
    expect(await config()).toMatchObject({ online: false, askEmail: true });
    const dashboard = await openSocket(`${baseB}/api/ws`, { cookie: mate.cookie, origin: 'http://localhost' });
    await expect.poll(async () => (await config()).online).toBe(true);
    expect(await a.app.presence.isUserOnline(owner.user.id, mate.user.id)).toBe(true);
    expect(await a.app.presence.isUserOnline(owner.user.id, owner.user.id)).toBe(false);
    dashboard.close();
    await dashboard.closed;
    await expect.poll(async () => (await config()).online).toBe(false);
    expect(await a.app.presence.lastSeenAt(owner.user.id, mate.user.id)).toBeGreaterThan(0);
  });

  it('mails each item once although both servers send, and nothing to a teammate whose dashboard is open on the other server', async () => {
    const owner = await createOwner(a);
    const mate = await addTeammate(a, owner);
    const watching = await openSocket(`${baseB}/api/ws`, { cookie: owner.cookie, origin: 'http://localhost' });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const server = i % 2 === 0 ? a : { ...a, app: b.app };
      ids.push((await startChat(server, owner.siteKey, `Question ${i}`)).id);
    }
    const mailedLinks = () => smtp.received.filter((m) => m.to.includes(mate.user.email)).flatMap((m) => linksIn(m.parsed.text));
    await expect.poll(() => ids.every((id) => mailedLinks().includes(`http://localhost/chat/${id}`)), { timeout: 20_000 }).toBe(true);
    await Promise.all([a.app.agentDigests.runOnce(), b.app.agentDigests.runOnce()]);
    const pending = await a.app.db.selectFrom('agent_notifications').select('user_id').where('owner_id', '=', owner.user.id).execute();
    expect(pending).toEqual([]);
    // Every conversation exactly once, in far fewer mails than items (batched).
    expect([...mailedLinks()].sort()).toEqual(ids.map((id) => `http://localhost/chat/${id}`).sort());
    expect(smtp.received.filter((m) => m.to.includes(mate.user.email)).length).toBeLessThan(ids.length);
    // The owner watched on server B the whole time: no mail.
    expect(smtp.received.filter((m) => m.to.includes(owner.user.email))).toEqual([]);
    watching.close();
    await watching.closed;
  });
});
