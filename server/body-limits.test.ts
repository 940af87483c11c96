import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { createTestApp, describeEachEngine, json, testEngines } from './test/app.js';
import { createOwner } from './test/factories.js';
import { listenOnce } from './test/sockets.js';
import { createTicket, filesOnDisk, multipartBody } from './test/uploads.js';

interface SlowResult {
  /** The raw HTTP response (status line, headers, body). */
  response: string;
  /** True when the server closed the connection. */
  closedByServer: boolean;
}

/**
 * A real slow client: sends `head` at once, then `tail` one small piece every `intervalMs`, until the
 * server answers and closes (or `tail` runs out).
 */
function slowRequest(port: number, head: Buffer, tail: Buffer, piece = 1, intervalMs = 50): Promise<SlowResult> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let response = '';
    let done = false;
    socket.on('data', (chunk) => (response += chunk));
    socket.on('error', () => {}); // a reset after the answer is expected
    socket.on('close', () => {
      done = true;
      resolve({ response, closedByServer: true });
    });
    socket.on('connect', async () => {
      socket.write(head);
      for (let offset = 0; offset < tail.length && !done; offset += piece) {
        await sleep(intervalMs);
        if (!done) socket.write(tail.subarray(offset, offset + piece));
      }
      if (!done) reject(new Error(`the server never cut the slow client off; got: ${response}`));
    });
  });
}

function portOf(base: string): number {
  return Number(new URL(base.replace(/^ws/, 'http')).port);
}

/** File descriptors of this process open on files under `dir`. */
function openFilesUnder(dir: string): string[] {
  return fs.readdirSync('/proc/self/fd').map((fd) => {
    try {
      return fs.readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      return '';
    }
  }).filter((target) => target.startsWith(dir));
}

// Short enough for slow senders to be cut within seconds, long enough that a stall of a loaded CI machine (a signup's
// body once took over 0.4 s through inject there) does not cut the requests sent at a normal pace.
const LIMITS = { BODY_TIMEOUT_MS: '2000', UPLOAD_MIN_BYTES_PER_SECOND: '2000', UPLOAD_RATE_WINDOW_MS: '1000' };

describeEachEngine('request body time limits', (t) => {
  it('answers 408 to a JSON body that is not complete in time, and closes the connection', async () => {
    const port = portOf(await listenOnce(t().app));
    const body = Buffer.from(JSON.stringify({ email: 'slow@example.com', password: 'correct horse battery' }));
    const head = Buffer.from(`POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
    const result = await slowRequest(port, Buffer.concat([head, body.subarray(0, 5)]), body.subarray(5), 1, 60);
    expect(result.response).toMatch(/^HTTP\/1\.1 408 /);
    expect(result.response).toMatch(/\r\nconnection: close\r\n/i);
    expect(JSON.parse(result.response.slice(result.response.indexOf('\r\n\r\n') + 4)).error.code).toBe('request_timeout');
    expect(result.closedByServer).toBe(true);
  });

  it('answers 408 to an upload slower than the floor rate and frees its temp file and descriptor', async () => {
    const owner = await createOwner(t());
    const ticket = await createTicket(t(), owner);
    const port = portOf(await listenOnce(t().app));
    const { payload, contentType } = multipartBody([{ content: Buffer.from('a slow but honest text file\n'.repeat(4000)), filename: 'slow.txt' }]);
    const head = Buffer.from(
      `POST /api/tickets/${ticket.id}/attachments HTTP/1.1\r\nHost: localhost\r\nOrigin: ${t().origin}\r\nCookie: ${owner.cookie}\r\n` +
      `Content-Type: ${contentType}\r\nContent-Length: ${payload.length}\r\n\r\n`,
    );
    const root = (t().config.storage as { root: string }).root;
    // 20 KB at once (the upload starts: a temp file is open), then 20 bytes every 50 ms = 400 B/s, under the 2000 B/s floor.
    const slow = slowRequest(port, Buffer.concat([head, payload.subarray(0, 20_000)]), payload.subarray(20_000), 20, 50);
    let sawTempFile = false;
    for (let i = 0; i < 100 && !sawTempFile; i++) {
      sawTempFile = filesOnDisk(t()).some((name) => name.endsWith('.tmp'));
      if (!sawTempFile) await sleep(20);
    }
    expect(sawTempFile).toBe(true);
    const result = await slow;
    expect(result.response).toMatch(/^HTTP\/1\.1 408 /);
    expect(result.closedByServer).toBe(true);
    // The handler's stream ended with the request: the temp file is removed and its descriptor closed.
    for (let i = 0; i < 100 && (filesOnDisk(t()).length > 0 || openFilesUnder(root).length > 0); i++) await sleep(20);
    expect(filesOnDisk(t())).toEqual([]);
    expect(openFilesUnder(root)).toEqual([]);
    const view = json(await t().app.inject({ method: 'GET', url: `/api/tickets/${ticket.id}`, headers: owner.headers }));
    expect(JSON.stringify(view)).not.toContain('slow.txt');
  });

  it('still accepts an upload and a JSON body sent at a normal pace', async () => {
    const owner = await createOwner(t());
    const ticket = await createTicket(t(), owner);
    const { payload, contentType } = multipartBody([{ content: Buffer.from('quick file\n'.repeat(2000)), filename: 'quick.txt' }]);
    const upload = await t().app.inject({ method: 'POST', url: `/api/tickets/${ticket.id}/attachments`, headers: { ...owner.headers, 'content-type': contentType }, payload });
    expect(upload.statusCode).toBe(201);
    const login = await t().app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'nobody@example.com', password: 'correct horse battery' } });
    expect(login.statusCode).toBe(401);
  });
}, LIMITS);

it.runIf(testEngines().includes('sqlite'))('removes temp files left by a crash at start, keeping recent ones (a live upload may own them)', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-sweep-'));
  const dir = path.join(root, 'tickets', 'owner-x');
  fs.mkdirSync(dir, { recursive: true });
  const stale = path.join(dir, '.abc.txt.0123456789ab.tmp');
  const fresh = path.join(dir, '.def.txt.ba9876543210.tmp');
  const kept = path.join(dir, 'abc.txt');
  for (const file of [stale, fresh, kept]) fs.writeFileSync(file, 'bytes');
  const old = new Date(Date.now() - 60 * 60_000);
  fs.utimesSync(stale, old, old);
  fs.utimesSync(kept, old, old);
  // Default limits: a temp file untouched for 60 s belongs to no live upload.
  const app = await createTestApp('sqlite', { STORAGE_URL: `file://${root}` });
  try {
    expect(fs.existsSync(stale)).toBe(false);
    expect(fs.existsSync(fresh)).toBe(true);
    expect(fs.existsSync(kept)).toBe(true);
  } finally {
    await app.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
