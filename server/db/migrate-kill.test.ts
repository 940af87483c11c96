import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { testEngines } from '../test/app.js';
import { createScratchDatabase, postgresAdminUrl } from '../test/postgres.js';
import { runMain } from '../test/server-process.js';
import { openDatabase, type Engine } from './database.js';
import { migrateTo } from './migrate.js';

const USERS = 60_000;
const SESSIONS = 240_000;
const BEFORE = ['0001_accounts', '0002_chat', '0003_forms', '0004_tickets', '0005_attachments'];

interface Target {
  /** DATABASE_URL of a copy of the template (at 0005, with data that makes 0006 take a while). */
  url: string;
  /** Applied migration names, sessions count, and which 0006 tables exist. */
  inspect(): Promise<{ applied: string[]; sessions: number; teamTables: string[] }>;
  /** True while the migration transaction holds its lock. */
  migrating(): Promise<boolean>;
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A database at 0005 with enough rows that 0006 (which rebuilds/updates sessions) runs for a noticeable time. */
async function makeTemplate(engine: Engine): Promise<() => Promise<Target>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-migkill-'));
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  const scratch = engine === 'postgres' ? await createScratchDatabase() : null;
  if (scratch) cleanups.push(scratch.drop);
  const database = openDatabase(scratch ? { engine: 'postgres', url: scratch.url } : { engine: 'sqlite', file: path.join(dir, 'template.db') });
  await migrateTo(database, '0005_attachments');
  await sql`insert into users (id, email, name, password_hash, site_key, created_at)
    select 'u' || i, 'u' || i || '@example.com', 'User', 'x', 'site_' || i, 1 from (with recursive n(i) as (select 1 union all select i + 1 from n where i < ${sql.lit(USERS)}) select i from n) t`.execute(database.db);
  await sql`insert into sessions (id, user_id, created_at, expires_at)
    select 's' || i, 'u' || (1 + i % ${sql.lit(USERS)}), 1, 9999999999999 from (with recursive n(i) as (select 1 union all select i + 1 from n where i < ${sql.lit(SESSIONS)}) select i from n) t`.execute(database.db);
  await database.close();

  let copies = 0;
  return async () => {
    copies++;
    if (engine === 'sqlite') {
      const file = path.join(dir, `copy-${copies}.db`);
      fs.copyFileSync(path.join(dir, 'template.db'), file);
      return sqliteTarget(file);
    }
    const name = `${new URL(scratch!.url).pathname.slice(1)}_c${copies}`;
    const admin = new pg.Client({ connectionString: postgresAdminUrl() });
    await admin.connect();
    await admin.query(`create database ${name} template ${new URL(scratch!.url).pathname.slice(1)}`);
    await admin.end();
    const url = new URL(scratch!.url);
    url.pathname = `/${name}`;
    cleanups.push(async () => {
      const client = new pg.Client({ connectionString: postgresAdminUrl() });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    });
    return postgresTarget(url.toString());
  };
}

function sqliteTarget(file: string): Target {
  const probe = new SqliteDatabase(file);
  probe.pragma('busy_timeout = 0');
  cleanups.push(async () => {
    probe.close();
  });
  return {
    url: `sqlite:${file}`,
    async inspect() {
      const applied = probe.prepare('select name from kysely_migration order by name').pluck().all() as string[];
      const sessions = probe.prepare('select count(*) from sessions').pluck().get() as number;
      const teamTables = probe.prepare("select name from sqlite_master where type = 'table' and name in ('workspace_members', 'sessions_new', 'team_invites') order by name").pluck().all() as string[];
      return { applied, sessions, teamTables };
    },
    async migrating() {
      try {
        probe.exec('begin immediate');
        probe.exec('rollback');
        return false;
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_BUSY') return true;
        throw error;
      }
    },
  };
}

async function postgresTarget(url: string): Promise<Target> {
  const probe = new pg.Client({ connectionString: url });
  await probe.connect();
  cleanups.push(() => probe.end());
  return {
    url,
    async inspect() {
      const applied = (await probe.query('select name from kysely_migration order by name')).rows.map((r) => r.name as string);
      const sessions = (await probe.query('select count(*)::int as n from sessions')).rows[0].n as number;
      const teamTables = (await probe.query("select table_name from information_schema.tables where table_schema = 'public' and table_name in ('workspace_members', 'sessions_new', 'team_invites') order by table_name")).rows.map((r) => r.table_name as string);
      return { applied, sessions, teamTables };
    },
    async migrating() {
      // The migration session is inside its transaction once 0006 works on the sessions table.
      const { rows } = await probe.query("select count(*)::int as n from pg_locks l join pg_class c on c.oid = l.relation where l.pid <> pg_backend_pid() and c.relname = 'sessions' and l.mode like '%Exclusive%'");
      return (rows[0].n as number) > 0;
    },
  };
}

function exitOf(child: ReturnType<typeof runMain>): Promise<number | string> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
}

for (const engine of testEngines()) {
  describe(`migrate killed with SIGKILL mid-migration [${engine}]`, () => {
    it('leaves the previous version intact, and the next start migrates', async () => {
      const copy = await makeTemplate(engine);
      // Kill at different moments inside the migration transaction.
      for (const extraDelayMs of [0, 40, 150]) {
        const target = await copy();
        const child = runMain(['migrate'], { DATA_DIR: path.dirname(target.url.replace(/^sqlite:/, '')), DATABASE_URL: target.url });
        let output = '';
        child.stderr!.on('data', (chunk) => (output += chunk));
        const exited = exitOf(child);
        let killed = false;
        while (!killed) {
          if (child.exitCode !== null) throw new Error(`migrate finished before it could be killed (delay ${extraDelayMs} ms): ${output}`);
          if (await target.migrating()) {
            await sleep(extraDelayMs);
            killed = child.kill('SIGKILL');
          } else await sleep(2);
        }
        const result = await exited;
        if (result !== 'SIGKILL') throw new Error(`migrate ended with ${result} before the kill landed (delay ${extraDelayMs} ms)`);

        expect(await target.inspect()).toEqual({ applied: BEFORE, sessions: SESSIONS, teamTables: [] });

        const again = runMain(['migrate'], { DATA_DIR: os.tmpdir(), DATABASE_URL: target.url });
        let againOutput = '';
        again.stderr!.on('data', (chunk) => (againOutput += chunk));
        expect(await exitOf(again), againOutput).toBe(0);
        const after = await target.inspect();
        expect(after.applied).toEqual(expect.arrayContaining([...BEFORE, '0006_teams']));
        expect(after.sessions).toBe(SESSIONS);
        expect(after.teamTables).toEqual(['team_invites', 'workspace_members']);
      }
    }, 240_000);
  });

  describe(`two servers migrating at the same time [${engine}]`, () => {
    it('both succeed and every migration is applied once', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-migrace-'));
      cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
      const scratch = engine === 'postgres' ? await createScratchDatabase() : null;
      if (scratch) cleanups.push(scratch.drop);
      const url = scratch ? scratch.url : `sqlite:${path.join(dir, 'race.db')}`;
      const children = [runMain(['migrate'], { DATA_DIR: dir, DATABASE_URL: url }), runMain(['migrate'], { DATA_DIR: dir, DATABASE_URL: url })];
      const outputs = ['', ''];
      children.forEach((child, i) => child.stderr!.on('data', (chunk) => (outputs[i] += chunk)));
      expect(await Promise.all(children.map(exitOf)), outputs.join('\n')).toEqual([0, 0]);
      const database = openDatabase(scratch ? { engine: 'postgres', url: scratch.url } : { engine: 'sqlite', file: path.join(dir, 'race.db') });
      try {
        const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(database.db);
        const names = rows.rows.map((r) => r.name);
        expect(new Set(names).size).toBe(names.length);
        expect(names).toEqual(expect.arrayContaining([...BEFORE, '0006_teams']));
      } finally {
        await database.close();
      }
    }, 120_000);
  });
}
