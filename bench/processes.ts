import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    }).on('error', reject);
  });
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts the real, built server (`dist/server/main.js`) as its own process and waits for /healthz.
 * BENCH_SERVER_NODE_ARGS adds Node options to the server only, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`
 * (Node refuses --cpu-prof in NODE_OPTIONS, and there it would profile the load generator too).
 */
export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const entry = path.join(ROOT, 'dist/server/main.js');
  if (!fs.existsSync(entry)) throw new Error('dist/server/main.js is missing: run `npm run build` first.');
  const port = await freePort();
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, entry], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', PUBLIC_RATE_LIMIT: '10000000', LOGIN_RATE_LIMIT: '100000', WORKSPACE_UPLOAD_RATE_LIMIT: '1000000', SIGNUP: 'open', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(`${url}/healthz`, child);
  return { url, child, stop: () => stopProcess(child) };
}

/** Starts the bare node:http ceiling process (bench/ceiling.ts) answering `answers` (scenario key → status and exact bytes). */
export async function startCeiling(answers: Record<string, { status: number; body: string }>, workDir: string): Promise<ServerProcess> {
  const port = await freePort();
  const bodiesFile = path.join(workDir, 'ceiling-answers.json');
  const uploadDir = path.join(workDir, 'ceiling-uploads');
  fs.mkdirSync(uploadDir, { recursive: true });
  fs.writeFileSync(bodiesFile, JSON.stringify(answers));
  const child = fork(path.join(ROOT, 'bench/ceiling.ts'), [String(port), bodiesFile, uploadDir], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`ceiling exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child, stop: () => stopProcess(child) };
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not become healthy: ${url}`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Resident set size of a process in MB, read from /proc (Linux). */
export function readRssMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 102.4) / 10;
  } catch {
    return 0;
  }
}

/** Samples a process's RSS every 50 ms until stopped; returns the peak in MB. */
export function samplePeakRss(pid: number): () => number {
  let peak = readRssMb(pid);
  const timer = setInterval(() => { peak = Math.max(peak, readRssMb(pid)); }, 50);
  return () => {
    clearInterval(timer);
    return Math.max(peak, readRssMb(pid));
  };
}
