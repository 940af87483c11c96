import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../server/db/database.js';
import { migrateToLatest } from '../server/db/migrate.js';
import { generateDataset, type DatasetMeta } from './generate.js';
import { HTTP_SCENARIOS } from './http-scenarios.js';
import { measureDeliveryLatency, measureIdleSockets } from './ws-scenarios.js';
import { measureUploads } from './upload-scenarios.js';
import { runLoad } from './load.js';
import { startCeiling, startServer } from './processes.js';
import { machineDescription, toMarkdown, type ScenarioResult } from './report.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    scale: { type: 'string', default: '1m' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '10' },
    only: { type: 'string' },
    fresh: { type: 'boolean', default: false },
    'message-rate': { type: 'string', default: '500' },
    sockets: { type: 'string', default: '10000' },
  },
});

const parseScale = (s: string) => Number(s.toLowerCase().replace(/k$/, '000').replace(/m$/, '000000'));
const scales = args.scale!.split(',').map(parseScale);
const engine = args.db === 'postgres' ? 'postgres' : 'sqlite';
const load = { connections: Number(args.connections), durationSeconds: Number(args.duration), warmupSeconds: Number(args.warmup) };
const adminUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function prepareDataset(scale: number): Promise<{ env: Record<string, string>; meta: DatasetMeta; workDir: string }> {
  const workDir = path.join(ROOT, 'bench/.data', `${engine}-${scale}`);
  const metaFile = path.join(workDir, 'meta.json');
  let databaseUrl = '';
  if (engine === 'postgres') {
    const url = new URL(adminUrl);
    url.pathname = `/fm_bench_${scale}`;
    databaseUrl = url.toString();
  }
  if (args.fresh || !fs.existsSync(metaFile)) {
    fs.rmSync(workDir, { recursive: true, force: true });
    fs.mkdirSync(workDir, { recursive: true });
    if (engine === 'postgres') await recreatePostgresDatabase(`fm_bench_${scale}`);
    const database = openDatabase(engine === 'postgres' ? { engine, url: databaseUrl } : { engine, file: path.join(workDir, 'floatmessage.db') });
    await migrateToLatest(database);
    console.log(`Generating ${scale.toLocaleString('en')} tickets on ${engine}…`);
    const meta = await generateDataset(database, scale);
    if (engine === 'postgres') await sql`analyze`.execute(database.db);
    await database.close();
    fs.writeFileSync(metaFile, JSON.stringify(meta));
    console.log(`  generated in ${meta.generationSeconds} s`);
  }
  const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as DatasetMeta;
  return { env: { DATA_DIR: workDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) }, meta, workDir };
}

/** Upload scenarios write gigabytes; remove their files and rows so re-runs start from the same data. */
async function removeBenchUploads(env: Record<string, string>, workDir: string) {
  const database = openDatabase(env.DATABASE_URL ? { engine: 'postgres', url: env.DATABASE_URL } : { engine: 'sqlite', file: path.join(workDir, 'floatmessage.db') });
  await database.db.deleteFrom('ticket_attachments').execute();
  await database.close();
  fs.rmSync(path.join(workDir, 'files'), { recursive: true, force: true });
}

async function recreatePostgresDatabase(name: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`drop database if exists ${name} with (force)`);
  await client.query(`create database ${name}`);
  await client.end();
}

async function benchScale(scale: number): Promise<ScenarioResult[]> {
  const { env, meta, workDir } = await prepareDataset(scale);
  const server = await startServer(env);
  const headers = { authorization: `Bearer ${meta.apiToken}`, 'content-type': 'application/json' };
  const results: ScenarioResult[] = [];
  let ceiling: Awaited<ReturnType<typeof startCeiling>> | undefined;
  try {
    // The ceiling answers exactly the bytes our server answered for the same pages.
    const inbox = await (await fetch(`${server.url}/api/tickets`, { headers })).text();
    const ticket = await (await fetch(`${server.url}/api/tickets/${meta.ticketIds[0]}`, { headers })).text();
    ceiling = await startCeiling({ '/inbox': inbox, '/ticket': ticket }, workDir);
    const ceilingRps = new Map<string, number>();
    for (const route of ['/inbox', '/ticket']) {
      const result = await runLoad({ ...load, url: ceiling.url, pid: ceiling.child.pid, next: () => ({ path: route }) });
      ceilingRps.set(route, result.requestsPerSecond);
      console.log(`  ceiling ${route}: ${result.requestsPerSecond} req/s, p99 ${result.p99Ms} ms`);
    }
    for (const scenario of HTTP_SCENARIOS) {
      if (args.only && !scenario.name.includes(args.only)) continue;
      const result = await runLoad({ ...load, url: server.url, pid: server.child.pid, method: scenario.method, headers, next: scenario.next(meta) });
      const ceilingValue = scenario.ceiling ? ceilingRps.get(scenario.ceiling) : undefined;
      const row: ScenarioResult = {
        scenario: scenario.name, scale, engine, ...result,
        ceilingRequestsPerSecond: ceilingValue,
        ratio: ceilingValue ? result.requestsPerSecond / ceilingValue : undefined,
      };
      results.push(report(row));
    }
    if (!args.only || 'message delivery'.includes(args.only)) {
      results.push(report(await measureDeliveryLatency(server.url, meta, server.child.pid, Number(args['message-rate']), load.durationSeconds)));
    }
    if (!args.only || 'idle visitor sockets'.includes(args.only)) {
      results.push(report(await measureIdleSockets(server.url, meta, server.child.pid, Number(args.sockets))));
    }
    // Uploads last: their buffers raise the server's resident memory for the rest of the run.
    if (!args.only || 'upload'.includes(args.only)) {
      const targets = [{ url: server.url, pid: server.child.pid }, { url: ceiling.url, pid: ceiling.child.pid }] as const;
      results.push(report(await measureUploads(...targets, meta, '1mb', load)));
      results.push(report(await measureUploads(...targets, meta, '5mb', load)));
      // The memory target: 50 concurrent 5 MB uploads.
      results.push(report(await measureUploads(...targets, meta, '5mb', { ...load, connections: 50 })));
    }
  } finally {
    await ceiling?.stop();
    await server.stop();
  }
  await removeBenchUploads(env, workDir);
  return results;
}

function report(row: ScenarioResult): ScenarioResult {
  const extra = row.extra ? ` ${JSON.stringify(row.extra)}` : '';
  console.log(`  ${row.scenario}: ${row.requestsPerSecond} req/s, p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms, errors ${row.errors + (row.non2xx ?? 0)}, peak RSS ${row.peakRssMb} MB${extra}`);
  return row;
}

async function main() {
  const all: ScenarioResult[] = [];
  for (const scale of scales) all.push(...(await benchScale(scale)));
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const outDir = path.join(ROOT, 'bench/results');
  fs.mkdirSync(outDir, { recursive: true });
  const header = `# FloatMessage benchmark — ${engine}, ${new Date().toISOString()}\n\nMachine: ${machineDescription()}. ` +
    `${load.connections} connections, ${load.durationSeconds} s per scenario after ${load.warmupSeconds} s warm-up.`;
  const markdown = toMarkdown(all, header);
  fs.writeFileSync(path.join(outDir, `${stamp}-${engine}.json`), JSON.stringify({ machine: machineDescription(), load, results: all }, null, 2));
  fs.writeFileSync(path.join(outDir, `${stamp}-${engine}.md`), markdown);
  console.log(`\n${markdown}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
