import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

/**
 * The machine's own ceiling, run as a separate process beside the real server.
 * Usage: node ceiling.js <port> <answers.json> <uploadDir>
 * - `/c/<key>/…`: reads the request body (a write's JSON) to its end, then answers the status and
 *   exact bytes our server answered for that scenario (`answers.json`: key → { status, body }),
 *   to whatever method the scenario uses.
 * - `POST /upload/…`: streams the body to a new file, fsyncs it and its directory (as our disk
 *   store does for every object), answers 201, removes the file.
 */
const [portArg, answersFile, uploadDir] = process.argv.slice(2);
const answers = new Map(Object.entries(JSON.parse(fs.readFileSync(answersFile!, 'utf8')) as Record<string, { status: number; body: string }>)
  .map(([key, { status, body }]) => [key, { status, body: Buffer.from(body) }]));
let uploads = 0;

async function upload(request: http.IncomingMessage, response: http.ServerResponse) {
  const file = path.join(uploadDir!, `${process.pid}-${uploads++}.bin`);
  try {
    // flush: fsync before close, as the disk store's handle.sync() before linking the file in place.
    await pipeline(request, fs.createWriteStream(file, { flags: 'wx', mode: 0o640, flush: true }));
    const dir = await fsp.open(uploadDir!, 'r');
    await dir.sync().finally(() => dir.close());
    response.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
  } catch {
    response.destroy(); // the client went away mid-upload (end of a load run)
  } finally {
    await fsp.rm(file, { force: true });
  }
}

const server = http.createServer((request, response) => {
  const url = request.url ?? '';
  if (request.method === 'POST' && url.startsWith('/upload/')) return void upload(request, response);
  const answer = answers.get(url.split('/')[2] ?? '');
  if (!url.startsWith('/c/') || !answer) return void response.writeHead(404).end();
  request.resume(); // read the request body to its end, as a server must before answering
  request.on('end', () => {
    response.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': answer.body.length }).end(answer.body);
  });
});
server.keepAliveTimeout = 72_000;
server.listen(Number(portArg), '127.0.0.1', () => process.send?.('ready'));
