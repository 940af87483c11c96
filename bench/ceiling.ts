import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

/**
 * The machine's own ceiling, run as a separate process beside the real server: bare node:http
 * answering fixed bytes (the same bytes our server answered for a page), and a bare
 * stream-to-disk upload handler. Usage: node ceiling.js <port> <bodies.json> <uploadDir>
 */
const [portArg, bodiesFile, uploadDir] = process.argv.slice(2);
const bodies = JSON.parse(fs.readFileSync(bodiesFile!, 'utf8')) as Record<string, string>;
const buffers = new Map(Object.entries(bodies).map(([route, body]) => [route, Buffer.from(body)]));
let uploads = 0;

const server = http.createServer(async (request, response) => {
  if (request.method === 'POST' && request.url === '/upload') {
    const file = path.join(uploadDir!, `${process.pid}-${uploads++}.bin`);
    try {
      await pipeline(request, fs.createWriteStream(file));
      response.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
    } catch {
      response.destroy(); // the client went away mid-upload (end of a load run)
    } finally {
      fs.rmSync(file, { force: true });
    }
    return;
  }
  const body = buffers.get(request.url ?? '');
  if (!body) return void response.writeHead(404).end();
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length }).end(body);
});
server.keepAliveTimeout = 72_000;
server.listen(Number(portArg), '127.0.0.1', () => process.send?.('ready'));
