import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestS3Process } from '../server/test/s3.js';
import { startServerProcess } from '../server/test/server-process.js';
import { uploadBody } from './upload-scenarios.js';

/**
 * Peak RSS of the server process while N clients upload a 5 MiB attachment at the same time, on S3
 * (s3rver in its own process) or on disk. Runs the server from source through tsx (SQLite).
 *
 *   npx tsx bench/s3-upload-memory.ts [s3|disk] [concurrent=50] [rounds=3]
 */
const driver = process.argv[2] ?? 's3';
const concurrent = Number(process.argv[3] ?? 50);
const rounds = Number(process.argv[4] ?? 3);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-s3mem-'));
const s3 = driver === 's3' ? await startTestS3Process() : null;
const server = await startServerProcess({ DATA_DIR: dataDir, LOGIN_RATE_LIMIT: '1000', WORKSPACE_UPLOAD_RATE_LIMIT: '1000000', ...(s3 ? s3.env('bench') : {}) });
const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))![1]) / 1024;

const signup = await fetch(`${server.url}/api/auth/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@example.com', password: 'correct horse battery' }) });
const cookie = signup.headers.getSetCookie().find((c) => c.startsWith('fm_session='))!.split(';')[0]!;
const headers = { cookie, origin: server.url };
const me = await (await fetch(`${server.url}/api/me`, { headers })).json();
const conversation = await (await fetch(`${server.url}/api/widget/${me.site.key}/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: { body: 'hi' } }) })).json();
const ticket = await (await fetch(`${server.url}/api/tickets`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ conversationId: conversation.conversation.id, title: 'bench' }) })).json();
const body = new Uint8Array(uploadBody('5mb'));
const contentType = 'multipart/form-data; boundary=fmbenchboundary7f3a9c';

const idle = rssMb();
let peak = idle;
const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 20);
const statuses: Record<number, number> = {};
const started = performance.now();
for (let round = 0; round < rounds; round++) {
  await Promise.all(Array.from({ length: concurrent }, async () => {
    const response = await fetch(`${server.url}/api/tickets/${ticket.ticket.id}/attachments`, { method: 'POST', headers: { ...headers, 'content-type': contentType }, body });
    statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    await response.arrayBuffer();
  }));
}
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
await sleep(100);
console.log(`${driver}: ${rounds} rounds of ${concurrent} concurrent 5 MiB uploads in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(statuses)}; server RSS idle ${idle.toFixed(0)} MB, peak ${peak.toFixed(0)} MB`);

await server.stop();
await s3?.close();
fs.rmSync(dataDir, { recursive: true, force: true });
