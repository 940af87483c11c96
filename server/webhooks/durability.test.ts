import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { json, testEngines } from '../test/app.js';
import { createOwner } from '../test/factories.js';
import { createScratchDatabase } from '../test/postgres.js';
import { startTwoServers } from '../test/second-instance.js';
import { startServerProcess, type ServerProcess } from '../test/server-process.js';
import { WebhookReceiver } from '../test/webhook-receiver.js';

const WEBHOOK_ENV = { WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_TIMEOUT_MS: '1000' };

for (const engine of testEngines()) {
  describe(`webhook deliveries survive kill -9 [${engine}]`, () => {
    let receiver: WebhookReceiver;
    let dataDir: string;
    let scratch: { url: string; drop(): Promise<void> } | null = null;
    const servers: ServerProcess[] = [];
    beforeAll(async () => {
      receiver = await WebhookReceiver.start();
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-webhook-kill-'));
      scratch = engine === 'postgres' ? await createScratchDatabase() : null;
    });
    afterAll(async () => {
      for (const server of servers) await server.stop();
      await receiver.close();
      await scratch?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
    const start = async () => {
      const server = await startServerProcess({ DATA_DIR: dataDir, SIGNUP: 'open', ...WEBHOOK_ENV, ...(scratch ? { DATABASE_URL: scratch.url } : {}) });
      servers.push(server);
      return server;
    };

    it('sends the delivery after a restart when the server was killed between the change and a completed send', async () => {
      // While the first server lives, no send of it completes: every request to the receiver hangs.
      receiver.answer = () => 'hang';
      const first = await start();
      const signup = await fetch(`${first.url}/api/auth/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'kill@example.com', password: 'correct horse battery' }) });
      expect(signup.status).toBe(201);
      const headers = { cookie: signup.headers.getSetCookie()[0]!.split(';')[0]!, origin: first.url, 'content-type': 'application/json' };
      const created = await fetch(`${first.url}/api/webhooks`, { method: 'POST', headers, body: JSON.stringify({ url: `${receiver.url}/after-crash`, events: ['ticket.created'] }) });
      const { webhook } = (await created.json()) as { webhook: { id: string } };
      const ticket = await fetch(`${first.url}/api/tickets`, { method: 'POST', headers, body: JSON.stringify({ title: 'Written just before the crash' }) });
      expect(ticket.status).toBe(201);
      first.child.kill('SIGKILL');
      expect(await first.exited).toBe('SIGKILL');

      receiver.answer = () => ({ status: 200 });
      const second = await start();
      const log = async () => (await (await fetch(`${second.url}/api/webhooks/${webhook.id}/deliveries`, { headers: { ...headers, origin: second.url } })).json()) as { items: { id: string; status: string }[] };
      for (let i = 0; (await log()).items[0]?.status !== 'delivered'; i++) {
        if (i > 400) throw new Error(`not delivered after restart: ${JSON.stringify(await log())}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const { items } = await log();
      expect(items).toHaveLength(1);
      // The first server may have sent it before it died (that request hung); either way it is the same delivery.
      const ids = new Set(receiver.received.map((hook) => hook.headers['x-floatmessage-delivery']));
      expect([...ids]).toEqual([items[0]!.id]);
      expect(JSON.parse(receiver.received.at(-1)!.body)).toMatchObject({ type: 'ticket.created', data: { ticket: { title: 'Written just before the crash' } } });
    }, 120_000); // server processes started through tsx: slow to start on a loaded machine
  });
}

describe.runIf(inject('postgresAvailable'))('webhook deliveries with two servers on one PostgreSQL database', () => {
  it('sends each delivery exactly once', async () => {
    const receiver = await WebhookReceiver.start();
    const servers = await startTwoServers(WEBHOOK_ENV);
    try {
      const { a, b } = servers;
      const owner = await createOwner(a);
      const { webhook } = json(await a.app.inject({ method: 'POST', url: '/api/webhooks', headers: owner.headers, payload: { url: `${receiver.url}/twice`, events: ['ticket.created'] } }));
      const count = 40;
      await Promise.all(Array.from({ length: count }, (_, i) => (i % 2 ? b.app : a.app).inject({ method: 'POST', url: '/api/tickets', headers: owner.headers, payload: { title: `Ticket ${i}` } })));
      const pending = async () => Number((await a.app.db.selectFrom('webhook_deliveries').select((eb) => eb.fn.countAll().as('n')).where('webhook_id', '=', webhook.id).where('status', '<>', 'delivered').executeTakeFirstOrThrow()).n);
      for (let i = 0; (await pending()) > 0; i++) {
        if (i > 400) throw new Error('deliveries still pending');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const ids = receiver.received.map((hook) => hook.headers['x-floatmessage-delivery']);
      expect(ids).toHaveLength(count);
      expect(new Set(ids).size).toBe(count);
    } finally {
      await servers.close();
      await receiver.close();
    }
  }, 120_000);
});
