import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface BodyLimitsOptions {
  /** A non-multipart body (JSON, form) must be complete within this time. */
  bodyTimeoutMs: number;
  /** A multipart upload must average at least this rate over `rateWindowMs` (0 = no floor). */
  minBytesPerSecond: number;
  rateWindowMs: number;
}

/**
 * Time limits on request bodies. Without them a client sending one byte per second holds a request,
 * a descriptor and (for uploads) a temp file for as long as it likes. A JSON body gets a deadline; an upload,
 * whose legitimate duration depends on its size and the network, gets a floor rate averaged over a window.
 * Past either, the client gets 408 and the connection is closed: the parser and the upload stream see the
 * request end early, so the store discards its partial object (the temp file) and every handle is freed.
 * Progress is read from the socket's byte counter, so the body stream itself is never touched.
 */
export function registerBodyLimits(app: FastifyInstance, options: BodyLimitsOptions): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!hasBody(request)) return;
    const multipart = /^multipart\//i.test(request.headers['content-type'] ?? '');
    if (multipart && options.minBytesPerSecond === 0) return;
    watch(request, reply, multipart, options);
  });
}

function hasBody(request: FastifyRequest): boolean {
  if (request.raw.complete) return false;
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function watch(request: FastifyRequest, reply: FastifyReply, multipart: boolean, options: BodyLimitsOptions): void {
  const socket = request.raw.socket;
  const started = Date.now();
  // (time, bytes read on the socket) samples, oldest first, covering at least the rate window.
  const samples: [number, number][] = [[started, socket.bytesRead]];
  const span = multipart ? options.rateWindowMs : options.bodyTimeoutMs;
  const timer = setInterval(check, Math.max(10, Math.min(1000, Math.floor(span / 5))));
  timer.unref();
  const stop = () => clearInterval(timer);
  request.raw.once('end', stop);
  request.raw.once('close', stop);
  reply.raw.once('close', stop);

  function check(): void {
    if (request.raw.complete || request.raw.destroyed) return stop();
    const now = Date.now();
    if (!multipart) {
      if (now - started >= options.bodyTimeoutMs) timeOut(`The request body was not complete within ${options.bodyTimeoutMs / 1000} s.`);
      return;
    }
    samples.push([now, socket.bytesRead]);
    while (samples.length > 2 && now - samples[1]![0] >= options.rateWindowMs) samples.shift();
    const [since, bytesThen] = samples[0]!;
    if (now - since < options.rateWindowMs) return;
    const rate = ((socket.bytesRead - bytesThen) * 1000) / (now - since);
    if (rate < options.minBytesPerSecond) {
      timeOut(`The upload was slower than ${options.minBytesPerSecond} bytes/s over ${options.rateWindowMs / 1000} s.`);
    }
  }

  function timeOut(message: string): void {
    stop();
    request.log.info({ receivedBytes: socket.bytesRead - samples[0]![1] }, 'request body too slow: 408');
    // Ending the request (not just the reply) is what frees what it holds: the parser or the upload stream
    // errors, and the store removes its temp file. It happens once the 408 is written.
    const end = () => {
      request.raw.destroy();
    };
    if (reply.sent) return end();
    reply.raw.once('finish', end);
    reply.raw.once('close', end);
    reply.code(408).header('connection', 'close').send({ error: { code: 'request_timeout', message } });
  }
}
