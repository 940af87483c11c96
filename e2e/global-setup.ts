import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startMailCatcher } from './mail-catcher.js';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** Where the loopback SMTP server writes the mail the e2e server sends (see mail-catcher.ts). */
    mailDir: string;
  }
}

const ROOT = path.resolve(import.meta.dirname, '..');
export const ARTIFACTS = path.join(ROOT, 'e2e', 'artifacts');

/**
 * Starts the REAL built server (`node dist/server/main.js`, as `npm start` does) on a free port with a
 * fresh temporary DATA_DIR (SQLite + local disk), waits for /healthz, and stops it after the run.
 * It builds nothing: `npm test` runs `npm run build` first.
 */
export default async function setup(project: TestProject) {
  for (const file of ['dist/server/main.js', 'dist/app/index.html']) {
    if (!fs.existsSync(path.join(ROOT, file))) throw new Error(`${file} is missing: run \`npm run build\` before the browser tests.`);
  }
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const log = fs.createWriteStream(path.join(ARTIFACTS, 'server.log'));
  const mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-e2e-mail-'));
  const mail = await startMailCatcher(mailDir);

  // Only what the test needs: embedded SQLite + disk storage in the temp dir, generous rate limits.
  const env = { ...process.env };
  for (const name of ['DATABASE_URL', 'STORAGE_URL', 'PUBLIC_URL', 'TRUST_PROXY', 'COUNTRY_HEADER']) delete env[name];
  const child = spawn(process.execPath, ['dist/server/main.js'], {
    cwd: ROOT,
    env: {
      ...env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', LOGIN_RATE_LIMIT: '10000', PUBLIC_RATE_LIMIT: '1000000',
      // Every test signs up its own owners; mail goes to the loopback SMTP server, with links to this server.
      SIGNUP: 'open', SMTP_URL: `smtp://127.0.0.1:${mail.port}`, SMTP_FROM: 'FloatMessage <noreply@example.com>', PUBLIC_URL: baseUrl,
      // Visitor mail goes out a second after an unseen reply (e2e/visitor-followup.e2e.ts).
      VISITOR_EMAIL_DELAY_S: '1',
      // Webhook tests post to a receiver on loopback.
      WEBHOOK_ALLOW_PRIVATE: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);

  await waitForHealth(baseUrl, child);
  project.provide('baseUrl', baseUrl);
  project.provide('mailDir', mailDir);

  return async () => {
    await stop(child);
    await mail.close();
    log.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(mailDir, { recursive: true, force: true });
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function waitForHealth(baseUrl: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}; see e2e/artifacts/server.log`);
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop(child);
  throw new Error('the server did not become healthy within 30 s; see e2e/artifacts/server.log');
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
