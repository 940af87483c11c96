import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A client's request id is adopted only when it is short and plain, so logs can neither be flooded nor forged. */
const PLAIN_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Fastify's `genReqId`: the caller's `x-request-id` when it is plain, otherwise a fresh UUID. */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && PLAIN_ID.test(given) ? given : randomUUID();
}
