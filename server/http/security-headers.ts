import helmet from 'helmet';
import type { App } from '../types.js';

/**
 * Security headers on every answer, set by helmet (the maintained library @fastify/helmet wraps). The CSP
 * below is the dashboard's (a Vite build: same-origin module scripts, no inline script); the server-rendered
 * pages (/f, /demo, form result pages) and file downloads set their own stricter policy, which replaces this one.
 *
 * helmet's middleware is built once here and applied in one hook. @fastify/helmet builds a new helmet
 * middleware on every request (parsing every CSP directive again, plus an async hook and a closure per
 * request): a measured 5% of a cheap request's CPU (bench/conversation-list.ts, `GET /api/me`).
 */
export async function registerSecurityHeaders(app: App): Promise<void> {
  const setHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        // React sets style attributes; styles cannot run code, scripts stay strict.
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'connect-src': ["'self'"],
        'font-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'none'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    // widget.js and the public API are loaded by other sites: a same-origin CORP would block them.
    crossOriginResourcePolicy: false,
    crossOriginEmbedderPolicy: false,
    // HSTS only when we know the public origin is HTTPS; on a plain-HTTP self-host it would mislead.
    strictTransportSecurity: app.config.publicUrl?.startsWith('https:') ? { maxAge: 15552000, includeSubDomains: false } : false,
  });
  app.addHook('onRequest', (request, reply, done) => {
    setHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });
}

