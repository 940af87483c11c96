import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testEngines, type TestApp } from '../test/app.js';
import { startChat } from '../test/chat.js';
import { createOwner } from '../test/factories.js';
import { startTwoServers, type TwoServers } from '../test/second-instance.js';
import { openSocket, refusedStatus, type TestSocket } from '../test/sockets.js';

/** The cap on visitor sockets per conversation (20) holds across servers on one PostgreSQL database. */
describe.skipIf(!testEngines().includes('postgres'))('visitor socket cap across two servers on one PostgreSQL database', () => {
  let servers: TwoServers;
  let a: TestApp;
  let baseA = '';
  let baseB = '';
  beforeAll(async () => {
    servers = await startTwoServers();
    ({ a, baseA, baseB } = servers);
  });
  afterAll(async () => servers?.close());

  const url = (base: string, id: string, token: string) => `${base}/api/widget/conversations/${id}/ws?token=${encodeURIComponent(token)}`;

  it('counts the sockets of both servers, frees slots on close, and forgets a server that is gone', async () => {
    const owner = await createOwner(a);
    const chat = await startChat(a, owner.siteKey);
    const sockets: TestSocket[] = [];
    for (let i = 0; i < 20; i++) sockets.push(await openSocket(url(i % 2 ? baseB : baseA, chat.id, chat.visitorToken)));
    // 10 open on each server: the 21st is refused on either.
    expect(await refusedStatus(url(baseA, chat.id, chat.visitorToken))).toBe(429);
    expect(await refusedStatus(url(baseB, chat.id, chat.visitorToken))).toBe(429);

    // Closing one on server A lets one more open on server B.
    sockets.shift()!.close();
    await vi.waitFor(async () => {
      sockets.push(await openSocket(url(baseB, chat.id, chat.visitorToken)));
    }, { timeout: 5000, interval: 100 });
    expect(await refusedStatus(url(baseA, chat.id, chat.visitorToken))).toBe(429);

    // A server that stopped proving it is alive (crashed) no longer holds slots.
    await sql`update live_servers set seen_at = 0 where server_id in (select server_id from live_socket_slots group by server_id having sum(count) = 11)`.execute(a.app.db);
    const freed = await openSocket(url(baseA, chat.id, chat.visitorToken));
    freed.close();
    for (const socket of sockets) socket.close();
  });
});
