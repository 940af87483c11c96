import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalEventBus } from '../realtime/events.js';
import { describeEachEngine, json, testEngines, type TestApp } from '../test/app.js';
import { createOwner } from '../test/factories.js';
import { startTwoServers, type TwoServers } from '../test/second-instance.js';
import { openSocket } from '../test/sockets.js';
import { addTeammate, createToken } from '../test/team.js';
import { ActorCache } from './actor-cache.js';

describe('ActorCache', () => {
  const actor = { userId: 'u1', ownerId: 'o1', role: 'member' as const, credentialId: 'c1' };

  it('keeps an actor for the TTL and no longer than the credential lives', () => {
    const cache = new ActorCache(new LocalEventBus(), 5_000);
    cache.set('k', actor, cache.stamp(), 3_000, 0);
    expect(cache.get('k', 2_999)).toEqual(actor);
    expect(cache.get('k', 3_000)).toBeUndefined();
    cache.set('k', actor, cache.stamp(), Infinity, 0);
    expect(cache.get('k', 4_999)).toEqual(actor);
    expect(cache.get('k', 5_000)).toBeUndefined();
  });

  it('drops entries on credential.revoked, member.removed and resync of their workspace', () => {
    const events = new LocalEventBus();
    const cache = new ActorCache(events);
    const mate = { ...actor, userId: 'u2', credentialId: 'c2' };
    cache.set('a', actor, cache.stamp());
    cache.set('b', mate, cache.stamp());
    events.toOwner('o1', { type: 'credential.revoked', data: { credentialId: 'c1' } });
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toEqual(mate);
    events.toOwner('o2', { type: 'member.removed', data: { userId: 'u2' } }); // another workspace: no effect
    expect(cache.get('b')).toEqual(mate);
    events.toOwner('o1', { type: 'member.removed', data: { userId: 'u2' } });
    expect(cache.get('b')).toBeUndefined();
    cache.set('a', actor, cache.stamp());
    events.broadcast({ type: 'resync', data: {} });
    expect(cache.get('a')).toBeUndefined();
  });

  it('does not store an answer read before an invalidation arrived', () => {
    const events = new LocalEventBus();
    const cache = new ActorCache(events);
    cache.set('other', { ...actor, credentialId: 'c9' }, cache.stamp()); // subscribes to o1
    const stamp = cache.stamp();
    events.toOwner('o1', { type: 'credential.revoked', data: { credentialId: 'c1' } }); // while "reading"
    cache.set('a', actor, stamp);
    expect(cache.get('a')).toBeUndefined();
  });
});

describeEachEngine('cached credentials on one server', (t) => {
  const me = (app: TestApp, headers: Record<string, string>) => app.app.inject({ method: 'GET', url: '/api/me', headers });

  it('a revoked token, a removed teammate and a logged-out session answer 401 on the next request', async () => {
    const owner = await createOwner(t());
    const mate = await addTeammate(t(), owner);
    const token = await createToken(t(), owner);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await me(t(), bearer)).statusCode).toBe(200);
    expect((await me(t(), mate.headers)).statusCode).toBe(200);
    const tokenId = json(await t().app.inject({ method: 'GET', url: '/api/tokens', headers: owner.headers })).items[0].id;
    expect((await t().app.inject({ method: 'DELETE', url: `/api/tokens/${tokenId}`, headers: owner.headers })).statusCode).toBe(204);
    expect((await me(t(), bearer)).statusCode).toBe(401);
    expect((await t().app.inject({ method: 'DELETE', url: `/api/team/members/${mate.user.id}`, headers: owner.headers })).statusCode).toBe(204);
    expect((await me(t(), mate.headers)).statusCode).toBe(401);
    expect((await t().app.inject({ method: 'POST', url: '/api/auth/logout', headers: owner.headers })).statusCode).toBeLessThan(300);
    expect((await me(t(), owner.headers)).statusCode).toBe(401);
  });

  it('a session switched to another workspace acts there on the very next request', async () => {
    const owner = await createOwner(t());
    const mate = await addTeammate(t(), owner); // lands in the owner's workspace
    expect(json(await me(t(), mate.headers)).workspace.id).toBe(owner.user.id);
    const switched = await t().app.inject({ method: 'POST', url: '/api/me/workspace', headers: mate.headers, payload: { ownerId: mate.user.id } });
    expect(switched.statusCode).toBe(200);
    expect(json(await me(t(), mate.headers)).workspace.id).toBe(mate.user.id);
  });
});

describe.skipIf(!testEngines().includes('postgres'))('cached credentials across two servers on one PostgreSQL database', () => {
  let servers: TwoServers;
  beforeAll(async () => {
    servers = await startTwoServers();
  });
  afterAll(async () => servers?.close());

  it('a token revoked and a teammate removed on server A stop working on server B, which had them cached', async () => {
    const { a, b, baseB } = servers;
    const owner = await createOwner(a);
    const mate = await addTeammate(a, owner);
    const token = await createToken(a, owner);
    const bearer = { authorization: `Bearer ${token}` };
    const onB = (headers: Record<string, string>) => b.app.inject({ method: 'GET', url: '/api/me', headers });
    expect((await onB(bearer)).statusCode).toBe(200);
    expect((await onB({ cookie: mate.cookie })).statusCode).toBe(200);
    // Sockets on B close when B receives the events; the cache listens on the same bus, so from then on
    // the cached answers are gone (no timing involved).
    const tokenSocket = await openSocket(`${baseB}/api/ws`, bearer);
    const mateSocket = await openSocket(`${baseB}/api/ws`, { cookie: mate.cookie });

    const tokenId = json(await a.app.inject({ method: 'GET', url: '/api/tokens', headers: owner.headers })).items[0].id;
    expect((await a.app.inject({ method: 'DELETE', url: `/api/tokens/${tokenId}`, headers: owner.headers })).statusCode).toBe(204);
    expect((await tokenSocket.closed).code).toBe(4401);
    expect((await onB(bearer)).statusCode).toBe(401);

    expect((await a.app.inject({ method: 'DELETE', url: `/api/team/members/${mate.user.id}`, headers: owner.headers })).statusCode).toBe(204);
    expect((await mateSocket.closed).code).toBe(4403);
    expect((await onB({ cookie: mate.cookie })).statusCode).toBe(401);
  });
});
