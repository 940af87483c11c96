import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { findRepoRoot } from '../lib/repo-root.js';
import type { App } from '../types.js';

export interface DashboardOptions {
  /** Folder holding the built dashboard (index.html + assets/); defaults to `<repo>/dist/app`. */
  root?: string;
}

/** Vite fingerprints everything under assets/, so those files never change under the same name. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html must be revalidated so a new deploy's asset names are picked up at once. */
const REVALIDATE = 'no-cache';

/**
 * Serves the owner dashboard (a single-page app built by `vite build`). Registered last: every GET
 * that no other route claims and that looks like a page (no file extension, not /api, not /healthz)
 * gets index.html so client-side routes survive a reload.
 */
export default async function dashboardRoutes(app: App, options: DashboardOptions) {
  const root = options.root ?? defaultRoot();
  const indexFile = path.join(root, 'index.html');

  if (!fs.existsSync(indexFile)) {
    app.log.warn({ root }, 'dashboard not built: run `npm run build`');
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply.code(503).type('text/plain; charset=utf-8').send(
        'The FloatMessage dashboard has not been built yet.\n\n' +
          'Run `npm run build` (then `npm start`), or use `npm run dev` and open the URL it prints.\n' +
          'The API is available under /api.\n',
      ));
    return;
  }

  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    // Files are listed once at start (the build does not change under a running server), so no
    // catch-all is registered here and unknown paths reach the page fallback below.
    wildcard: false,
    index: false,
    schemaHide: true,
    cacheControl: false,
    setHeaders(response, filePath) {
      const relative = path.relative(root, filePath);
      response.setHeader('cache-control', relative.startsWith(`assets${path.sep}`) ? IMMUTABLE : REVALIDATE);
    },
  });

  const sendIndex = (_request: FastifyRequest, reply: FastifyReply) =>
    reply.header('cache-control', REVALIDATE).sendFile('index.html', root, { cacheControl: false });

  app.get('/', { schema: { hide: true } }, sendIndex);
  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    if (!isPageRoute(request.url)) return reply.callNotFound();
    return sendIndex(request, reply);
  });
}

/** Client routes look like /tickets/abc: not the API, not health, not a (missing) file. */
export function isPageRoute(url: string): boolean {
  const pathname = url.split('?')[0] ?? '';
  if (pathname === '/api' || pathname.startsWith('/api/') || pathname === '/healthz') return false;
  if (pathname.startsWith('/assets/')) return false;
  return path.posix.extname(pathname) === '';
}

/** `<repo>/dist/app`, found from this module whether it runs compiled (dist/server) or from source. */
function defaultRoot(): string {
  return path.join(findRepoRoot(), 'dist', 'app');
}
