import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testEngines, type TestApp } from '../test/app.js';
import { createOwner } from '../test/factories.js';
import { LocalPresence, PostgresPresence } from './presence.js';
import { ServerHeartbeat } from './server-heartbeat.js';

describe('presence in memory (SQLite)', () => {
  it('counts sockets per teammate and workspace, and remembers when the last one closed', async () => {
    const presence = new LocalPresence();
    expect(await presence.lastSeenAt('w1', 'u1')).toBeNull();
    presence.join('w1', 'u1');
    presence.join('w1', 'u1');
    presence.join('w2', 'u2');
    expect(await presence.isUserOnline('w1', 'u1')).toBe(true);
    expect(await presence.isUserOnline('w2', 'u1')).toBe(false);
    presence.leave('w1', 'u1');
    expect(await presence.isWorkspaceOnline('w1')).toBe(true);
    const before = Date.now();
    presence.leave('w1', 'u1');
    expect(await presence.isUserOnline('w1', 'u1')).toBe(false);
    expect(await presence.isWorkspaceOnline('w1')).toBe(false);
    expect(await presence.isWorkspaceOnline('w2')).toBe(true);
    expect(await presence.lastSeenAt('w1', 'u1')).toBeGreaterThanOrEqual(before);
  });
});

/** Two presence trackers on one database, as two servers have. */
describe.skipIf(!testEngines().includes('postgres'))('presence across servers (PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('postgres');
  });
  afterAll(async () => t?.close());

  it('sees the other server’s sockets, in order, and stops counting a server that is gone', async () => {
    const owner = await createOwner(t);
    const errors: unknown[] = [];
    const onError = (error: unknown) => errors.push(error);
    const beats = [await ServerHeartbeat.start(t.app.db, onError), await ServerHeartbeat.start(t.app.db, onError)];
    const [one, two] = beats.map((heartbeat) => new PostgresPresence(heartbeat, onError)) as [PostgresPresence, PostgresPresence];
    const w = owner.user.id;
    try {
      // Open and close at once: applied in order, so the user ends offline with a "left" time.
      one.join(w, w);
      one.leave(w, w);
      // Between the two writes the user is online (seen "now"), so wait for the final state as a whole:
      // applied out of order, the row would stay at count 1 and this would never settle. "Seen" is read
      // first: once the join is there it stays, so "offline" read after it means the leave is applied too
      // (read the other way round, the join could land between the reads and the leave still be queued).
      const state = async () => {
        const seen = (await two.lastSeenAt(w, w)) !== null;
        return { online: await two.isUserOnline(w, w), seen };
      };
      await expect.poll(state).toEqual({ online: false, seen: true });

      one.join(w, w);
      await expect.poll(async () => two.isWorkspaceOnline(w)).toBe(true);
      expect(await two.isUserOnline(w, w)).toBe(true);
      const online = await two.lastSeenAt(w, w);
      expect(online).toBeGreaterThan(0);

      // Server one stops proving it is alive (crashed): its socket no longer counts anywhere. Its heartbeat timer
      // still runs here (every 10 s) and may beat between the update and the reads: then the next round settles it.
      const afterCrash = async () => {
        await sql`update live_servers set seen_at = 0 where server_id in (select server_id from live_presence where owner_id = ${w} and count > 0)`.execute(t.app.db);
        return { user: await two.isUserOnline(w, w), workspace: await two.isWorkspaceOnline(w) };
      };
      await expect.poll(afterCrash).toEqual({ user: false, workspace: false });
      expect(errors).toEqual([]);
    } finally {
      await one.close();
      await two.close();
      for (const heartbeat of beats) await heartbeat.close();
    }
  });
});
