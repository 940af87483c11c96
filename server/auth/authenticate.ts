import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { findSessionCredential, findTokenActor } from '../commands/accounts.js';
import { hashSecret } from '../lib/ids.js';
import { actorCacheFor } from './actor-cache.js';
import { AppError } from '../errors.js';

export const SESSION_COOKIE = 'fm_session';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * onRequest hook for owner routes: resolves `request.actor` from a Bearer API token or the session
 * cookie. Cookie-authenticated mutations must come from our own origin (CSRF); token requests are exempt.
 */
export async function requireActor(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  const { db, config, events } = request.server;
  const cache = actorCacheFor(events);
  const bearer = readBearer(request.headers.authorization);
  if (bearer !== null) {
    const key = `t:${hashSecret(bearer)}`;
    let actor = cache.get(key);
    if (!actor) {
      // findTokenActor also records last_used_at (at most once a minute); a cached token is re-read
      // every ACTOR_CACHE_TTL_MS, which keeps that within a minute too.
      const stamp = cache.stamp();
      actor = (await findTokenActor(db, bearer)) ?? undefined;
      if (!actor) throw new AppError(401, 'unauthorized', 'The API token is invalid or revoked.');
      cache.set(key, actor, stamp);
    }
    // A copy: nothing a request does to its actor can reach the cached one.
    request.actor = { ...actor };
    return;
  }
  const token = request.cookies[SESSION_COOKIE];
  if (!token) throw new AppError(401, 'unauthorized', 'Sign in first.');
  if (UNSAFE_METHODS.has(request.method)) assertSameOrigin(request, config);
  const key = `s:${hashSecret(token)}`;
  let actor = cache.get(key);
  if (!actor) {
    const stamp = cache.stamp();
    const found = await findSessionCredential(db, token);
    if (!found) throw new AppError(401, 'unauthorized', 'Your session has ended; sign in again.');
    cache.set(key, found.actor, stamp, found.expiresAt);
    actor = found.actor;
  }
  request.actor = { ...actor };
}

/** After a session was pointed at another workspace: this server forgets its cached actor at once. */
export function forgetSessionActor(request: FastifyRequest, sessionToken: string): void {
  const id = hashSecret(sessionToken);
  actorCacheFor(request.server.events).forget((actor) => actor.credentialId === id);
}

function readBearer(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new AppError(401, 'unauthorized', 'Authorization header must be "Bearer <token>".');
  return match[1]!;
}

/** The server's own origin: PUBLIC_URL when configured, else what this request was addressed to. */
export function ownOrigin(request: FastifyRequest, config: Config): string {
  return config.publicUrl ?? originOf(`${request.protocol}://${request.host}`) ?? '';
}

/**
 * The origin to put in links shown in the dashboard: PUBLIC_URL; without it, the request's own origin —
 * except in production, where a Host header is never trusted for links ('' → a relative link).
 * Emailed links use PUBLIC_URL only (see the mail module).
 */
export function linkOrigin(request: FastifyRequest, config: Config): string {
  if (config.publicUrl) return config.publicUrl;
  return config.production ? '' : ownOrigin(request, config);
}

export function assertSameOrigin(request: FastifyRequest, config: Config): void {
  const origin = originOf(request.headers.origin ?? request.headers.referer);
  if (!origin || origin !== ownOrigin(request, config)) {
    throw new AppError(403, 'csrf_failed', 'Cross-site request refused: the Origin header does not match this server.');
  }
}

/**
 * For public posts (sign-up, log-in, password reset): a browser posting from another site carries a
 * foreign Origin and is refused; API clients that send neither Origin nor Referer pass.
 */
export function rejectForeignOrigin(request: FastifyRequest, config: Config): void {
  if (request.headers.origin || request.headers.referer) assertSameOrigin(request, config);
}

/** Normalized origin of a URL (default ports dropped), or undefined when it is not a URL. */
function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** A cookie sent over HTTPS (directly, or via a trusted proxy) is marked Secure. */
export function isSecureRequest(request: FastifyRequest, config: Config): boolean {
  return request.protocol === 'https' || (config.publicUrl?.startsWith('https:') ?? false);
}
