import { expect, it } from 'vitest';
import { describeEachEngine, json } from '../test/app.js';
import { createOwner, type TestOwner } from '../test/factories.js';
import { addTeammate } from '../test/team.js';

describeEachEngine('webhooks API (private targets refused: the default)', (t) => {
  const inject = (who: TestOwner, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t().app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });
  // A documentation address (TEST-NET-3 is refused too), so nothing here resolves names on the network.
  const PUBLIC = 'https://93.184.215.14/hooks/floatmessage';

  it('creates (secret shown once), lists, changes, turns off and deletes', async () => {
    const owner = await createOwner(t());
    const created = await inject(owner, 'POST', '/api/webhooks', { url: PUBLIC, events: ['ticket.created', 'ticket.updated'] });
    expect(created.statusCode).toBe(201);
    const { webhook, secret } = json(created);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{40,}$/);
    expect(webhook).toEqual({ id: expect.any(String), url: PUBLIC, events: ['ticket.created', 'ticket.updated'], active: true, disabledReason: null, createdAt: expect.any(String) });
    const listed = json(await inject(owner, 'GET', '/api/webhooks'));
    expect(listed).toEqual({ items: [webhook], nextCursor: null });
    expect(JSON.stringify(listed)).not.toContain(secret);

    const changed = await inject(owner, 'PATCH', `/api/webhooks/${webhook.id}`, { events: ['ticket.deleted'], active: false });
    expect(changed.statusCode).toBe(200);
    expect(json(changed).webhook).toMatchObject({ events: ['ticket.deleted'], active: false, disabledReason: null });
    expect((await inject(owner, 'DELETE', `/api/webhooks/${webhook.id}`)).statusCode).toBe(204);
    expect(json(await inject(owner, 'GET', '/api/webhooks')).items).toEqual([]);
    expect((await inject(owner, 'DELETE', `/api/webhooks/${webhook.id}`)).statusCode).toBe(404);
  });

  it('refuses loopback, private, link-local and metadata targets (422) and writes nothing', async () => {
    const owner = await createOwner(t());
    for (const url of [
      'http://127.0.0.1/hook', 'http://127.1.2.3:8080/hook', 'http://10.0.0.1/hook', 'http://192.168.1.10/hook', 'http://172.16.5.4/hook',
      'http://169.254.169.254/latest/meta-data/', 'http://[::1]/hook', 'http://[::ffff:127.0.0.1]/hook', 'http://[fd00:ec2::254]/hook',
      'http://0.0.0.0/hook', 'http://localhost/hook', 'http://localhost:3000/hook',
    ]) {
      const refused = await inject(owner, 'POST', '/api/webhooks', { url, events: ['ticket.created'] });
      expect(refused.statusCode, url).toBe(422);
      expect(json(refused).error.code, url).toBe('webhook_target_refused');
    }
    for (const url of ['ftp://example.com/x', 'not a url', 'https://user:pw@93.184.215.14/x', '/relative']) {
      expect((await inject(owner, 'POST', '/api/webhooks', { url, events: ['ticket.created'] })).statusCode, url).toBe(422);
    }
    for (const payload of [{ url: PUBLIC, events: [] }, { url: PUBLIC, events: ['ticket.exploded'] }, { url: PUBLIC }, { events: ['ticket.created'] }]) {
      expect((await inject(owner, 'POST', '/api/webhooks', payload)).statusCode, JSON.stringify(payload)).toBe(422);
    }
    const ok = json(await inject(owner, 'POST', '/api/webhooks', { url: PUBLIC, events: ['ticket.created'] })).webhook;
    expect((await inject(owner, 'PATCH', `/api/webhooks/${ok.id}`, { url: 'http://169.254.169.254/' })).statusCode).toBe(422);
    expect(json(await inject(owner, 'GET', '/api/webhooks')).items).toEqual([ok]);
  });

  it("answers another workspace's webhook like a missing one (404) and lets only the owner manage them (403)", async () => {
    const owner = await createOwner(t());
    const other = await createOwner(t());
    const mate = await addTeammate(t(), owner);
    const { webhook } = json(await inject(owner, 'POST', '/api/webhooks', { url: PUBLIC, events: ['ticket.created'] }));
    expect((await inject(other, 'PATCH', `/api/webhooks/${webhook.id}`, { active: false })).statusCode).toBe(404);
    expect((await inject(other, 'DELETE', `/api/webhooks/${webhook.id}`)).statusCode).toBe(404);
    expect((await inject(other, 'GET', `/api/webhooks/${webhook.id}/deliveries`)).statusCode).toBe(404);
    expect(json(await inject(other, 'GET', '/api/webhooks')).items).toEqual([]);
    expect((await inject(mate, 'GET', '/api/webhooks')).statusCode).toBe(403);
    expect((await inject(mate, 'POST', '/api/webhooks', { url: PUBLIC, events: ['ticket.created'] })).statusCode).toBe(403);
    expect(json(await inject(owner, 'GET', '/api/webhooks')).items).toHaveLength(1);
  });
});
