import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, json, testEngines } from '../test/app.js';
import { createOwner } from '../test/factories.js';
import { startTestS3, type TestS3 } from '../test/s3.js';
import { sampleImage } from '../test/samples.js';
import { attachmentRows, createTicket, storedKeys, uploadFile } from '../test/uploads.js';
import { isConsistent, reconcileAttachments } from './reconcile-attachments.js';

const s3: TestS3 = await startTestS3();
afterAll(() => s3.close());
let prefixes = 0;

const stores: [string, () => Record<string, string>][] = [
  ['disk', () => ({})],
  ['s3', () => s3.env(`reconcile-${++prefixes}`)],
];

describe.each(testEngines())('reconcile [%s]', (engine) => {
  it.each(stores)('finds and fixes objects without rows and rows without objects (%s store)', async (_store, env) => {
    const t = await createTestApp(engine, env());
    try {
      const owner = await createOwner(t);
      const ticket = await createTicket(t, owner);
      const kept = json(await uploadFile(t, owner, ticket.id, { content: await sampleImage('png'), filename: 'kept.png' })).attachment;
      const lost = json(await uploadFile(t, owner, ticket.id, { content: Buffer.from('gone'), filename: 'lost-walrus.txt' })).attachment;
      const thumbless = json(await uploadFile(t, owner, ticket.id, { content: await sampleImage('jpeg'), filename: 'thumbless.jpg' })).attachment;
      const rows = await attachmentRows(t, owner.user.id);
      const rowOf = (id: string) => rows.find((row) => row.id === id)!;

      const orphan = `tickets/${owner.user.id}/1700000000000-deadbeefdeadbeef.txt`;
      await t.app.storage.put(orphan, [Buffer.from('nobody knows me')], { contentType: 'text/plain' });
      await t.app.storage.delete(rowOf(lost.id).object_key);
      await t.app.storage.delete(rowOf(thumbless.id).thumbnail_key!);
      const staleTemp = t.config.storage.driver === 'disk'
        ? path.join(t.config.storage.root, 'tickets', owner.user.id, '.crashed.png.abc.tmp')
        : null;
      if (staleTemp) {
        fs.writeFileSync(staleTemp, 'partial');
        fs.utimesSync(staleTemp, new Date(Date.now() - 7200_000), new Date(Date.now() - 7200_000));
      }

      // With the default grace period the just-written orphan is presumed to be an upload in flight.
      const cautious = await reconcileAttachments(t.app.db, engine, t.app.storage, { fix: false });
      expect(cautious.orphanObjects).toEqual([]);

      const report = await reconcileAttachments(t.app.db, engine, t.app.storage, { fix: false, graceMs: 0, now: Date.now() + 5_000 });
      expect(report).toMatchObject({
        rowsChecked: 3,
        orphanObjects: [orphan],
        rowsWithoutObject: [{ id: lost.id, ticketId: ticket.id, key: rowOf(lost.id).object_key }],
        missingThumbnails: [{ id: thumbless.id, key: rowOf(thumbless.id).thumbnail_key }],
        staleTemporaries: staleTemp ? [staleTemp] : [],
        fixed: false,
      });
      expect(await t.app.storage.head(orphan)).not.toBeNull(); // a report changes nothing

      const fixed = await reconcileAttachments(t.app.db, engine, t.app.storage, { fix: true, graceMs: 0, now: Date.now() + 5_000 });
      expect(fixed.fixed).toBe(true);
      expect(await t.app.storage.head(orphan)).toBeNull();
      if (staleTemp) expect(fs.existsSync(staleTemp)).toBe(false);
      const got = json(await t.app.inject({ method: 'GET', url: `/api/tickets/${ticket.id}`, headers: owner.headers })).ticket;
      expect(got.attachments.map((a: { id: string }) => a.id)).toEqual([kept.id, thumbless.id]);
      expect(got.attachments[1].thumbnailUrl).toBeNull();
      expect(json(await t.app.inject({ method: 'GET', url: '/api/tickets?q=walrus', headers: owner.headers })).items).toEqual([]);

      const again = await reconcileAttachments(t.app.db, engine, t.app.storage, { fix: false, graceMs: 0, now: Date.now() + 5_000 });
      expect(isConsistent(again)).toBe(true);
      expect(await storedKeys(t, owner.user.id)).toHaveLength(3); // kept + its thumbnail + thumbless
    } finally {
      await t.close();
    }
  });
});

describe('reconcile safety', () => {
  it('refuses to fix when the database and the store do not belong together', async () => {
    const env = s3.env('reconcile-shared');
    const first = await createTestApp('sqlite', env);
    const second = await createTestApp('sqlite', env);
    try {
      const owner = await createOwner(first);
      const ticket = await createTicket(first, owner);
      await uploadFile(first, owner, ticket.id, { content: Buffer.from('mine'), filename: 'a.txt' });
      // `second` has an empty database but the same bucket prefix: every object looks orphaned.
      const report = await reconcileAttachments(second.app.db, 'sqlite', second.app.storage, { fix: true, graceMs: 0, now: Date.now() + 5_000 });
      expect(report.orphanObjects).toHaveLength(1);
      expect(report.fixed).toBe(false);
      expect(report.refused).toMatch(/no attachment rows/);
      expect(await storedKeys(first, owner.user.id)).toHaveLength(1);
    } finally {
      await second.close();
      await first.close();
    }
  });
});

describe('reconcile command line', () => {
  it('runs as `main.ts reconcile [--fix]`, exiting 1 while inconsistencies remain', async () => {
    const t = await createTestApp('sqlite');
    try {
      const owner = await createOwner(t);
      const ticket = await createTicket(t, owner);
      await uploadFile(t, owner, ticket.id, { content: Buffer.from('keep'), filename: 'keep.txt' });
      const lost = json(await uploadFile(t, owner, ticket.id, { content: Buffer.from('lose'), filename: 'lose.txt' })).attachment;
      const key = (await attachmentRows(t, owner.user.id)).find((row) => row.id === lost.id)!.object_key;
      await t.app.storage.delete(key);

      const run = (...args: string[]) => promisify(execFile)(
        process.execPath, ['--import', 'tsx', 'server/main.ts', 'reconcile', ...args],
        { env: { ...process.env, DATA_DIR: t.dataDir, LOG_LEVEL: 'silent' } },
      ).then((out) => ({ code: 0, stdout: out.stdout }), (error) => ({ code: error.code as number, stdout: error.stdout as string }));

      const check = await run();
      expect(check.code).toBe(1);
      expect(check.stdout).toContain('Rows without their object: 1');
      expect(check.stdout).toContain(key);
      const fix = await run('--fix');
      expect(fix.code).toBe(0);
      expect(fix.stdout).toContain('Fixed');
      expect((await run()).stdout).toContain('Consistent.');
    } finally {
      await t.close();
    }
  }, 120_000); // three runs of main.ts through tsx: slow to start on a loaded machine
});
