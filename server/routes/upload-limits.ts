import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import type { App } from '../types.js';

type Limiter = ReturnType<App['createRateLimit']>;

// One limiter per app (keyed by its config, shared by every plugin): ticket attachments and files in
// chat must draw on ONE count per workspace, and the in-memory store (SQLite) keeps counts per limiter.
// On PostgreSQL the count lives in `rate_limits` (rate-limit-store.ts), so all servers share it.
const limiters = new WeakMap<object, Limiter>();

/**
 * WORKSPACE_UPLOAD_RATE_LIMIT: files a workspace's teammates may upload per minute (ticket attachments
 * and files in chat together), as an onRequest hook after `requireActor`: refused before the body is read.
 */
export function workspaceUploadLimit(app: App) {
  const { max, windowMs } = app.config.workspaceUploadRateLimit;
  let limit = limiters.get(app.config);
  if (!limit) {
    limit = app.createRateLimit({ max, timeWindow: windowMs, keyGenerator: (request) => `workspace-upload:${request.actor.ownerId}` });
    limiters.set(app.config, limit);
  }
  const check = limit;
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const result = await check(request);
    if (!result.isAllowed && result.isExceeded) {
      reply.header('retry-after', String(result.ttlInSeconds));
      throw new AppError(429, 'rate_limited', `Too many uploads: a workspace may upload at most ${max} files per minute. Retry in ${result.ttlInSeconds} s.`, { limit: max });
    }
  };
}
