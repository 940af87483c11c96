import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type Engine } from '../server/db/database.js';
import { migrateToLatest } from '../server/db/migrate.js';
import { generateDataset, type DatasetMeta } from './generate.js';

/**
 * Every run starts from the same data: the data set is generated once into a template
 * (`bench/.data/<scale>-<engine>.template/`: the SQLite file, or for PostgreSQL a template database
 * `fm_bench_<scale>_template`) and each run works on a fresh copy (the file copied, the database
 * created with CREATE DATABASE … TEMPLATE …). Tickets, messages and uploads a run creates never
 * reach the next run.
 */
export interface RunDataset {
  meta: DatasetMeta;
  metaFile: string;
  workDir: string;
  /** Environment for the server: DATA_DIR, and DATABASE_URL on PostgreSQL. */
  env: Record<string, string>;
  /** The run's PostgreSQL database name (null on SQLite). */
  database: string | null;
  /** Removes the run's copy (files, database). */
  dispose(): Promise<void>;
}

/** Where a scale's generated data set is kept (the SQLite file and meta.json; PostgreSQL keeps only meta.json there). */
export function templateDirOf(root: string, engine: Engine, scale: number): string {
  return path.join(root, 'bench/.data', `${scale}-${engine}.template`);
}

export async function prepareRun(root: string, engine: Engine, scale: number, adminUrl: string, fresh: boolean): Promise<RunDataset> {
  const templateDir = templateDirOf(root, engine, scale);
  const templateDb = `fm_bench_${scale}_template`;
  const metaTemplate = path.join(templateDir, 'meta.json');
  if (fresh || !fs.existsSync(metaTemplate)) await generateTemplate(templateDir, engine, scale, adminUrl, templateDb);

  const workDir = path.join(root, 'bench/.data', `${scale}-${engine}.run`);
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.mkdirSync(workDir, { recursive: true });
  const metaFile = path.join(workDir, 'meta.json');
  fs.copyFileSync(metaTemplate, metaFile);
  const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as DatasetMeta;
  if (engine === 'sqlite') {
    const copy = path.join(workDir, 'floatmessage.db');
    fs.copyFileSync(path.join(templateDir, 'floatmessage.db'), copy);
    // Written to disk before the server starts: left to the kernel, the copy's 3.3 GB (at 1M) were flushed ~30 s
    // later, in the middle of the measured scenarios (commits of 20–98 ms in a log of slow statements).
    flushToDisk(copy);
    return { meta, metaFile, workDir, env: { DATA_DIR: workDir }, database: null, dispose: async () => fs.rmSync(workDir, { recursive: true, force: true }) };
  }
  const database = `fm_bench_${scale}`;
  await adminQuery(adminUrl, `drop database if exists ${database} with (force)`, `create database ${database} template ${templateDb}`);
  return {
    meta, metaFile, workDir, database,
    env: { DATA_DIR: workDir, DATABASE_URL: databaseUrl(adminUrl, database) },
    dispose: async () => {
      await adminQuery(adminUrl, `drop database if exists ${database} with (force)`);
      fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}

async function generateTemplate(templateDir: string, engine: Engine, scale: number, adminUrl: string, templateDb: string): Promise<void> {
  fs.rmSync(templateDir, { recursive: true, force: true });
  fs.mkdirSync(templateDir, { recursive: true });
  if (engine === 'postgres') await adminQuery(adminUrl, `drop database if exists ${templateDb} with (force)`, `create database ${templateDb}`);
  const database = openDatabase(engine === 'postgres'
    ? { engine, url: databaseUrl(adminUrl, templateDb) }
    : { engine, file: path.join(templateDir, 'floatmessage.db') });
  await migrateToLatest(database);
  console.log(`Generating ${scale.toLocaleString('en')} tickets on ${engine}…`);
  const meta = await generateDataset(database, scale);
  // Fresh statistics, as after any bulk import done right; plans must not depend on them anyway.
  await sql`analyze`.execute(database.db);
  // SQLite: closing the last connection checkpoints the WAL into the file, so the file alone is the template.
  await database.close();
  fs.writeFileSync(path.join(templateDir, 'meta.json'), JSON.stringify(meta));
  console.log(`  generated in ${meta.generationSeconds} s`);
}

function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function adminQuery(adminUrl: string, ...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

function flushToDisk(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
