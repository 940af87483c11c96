import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorResponses } from '../../shared/schemas/common.js';
import { AppError } from '../errors.js';
import { findRepoRoot } from '../lib/repo-root.js';
import type { App } from '../types.js';

export interface WidgetAssetOptions {
  /** Folder holding the built widget.js; defaults to `<repo>/dist/widget`. */
  root?: string;
}

/**
 * The URL is unversioned (owners paste it once), so browsers keep it only briefly and then revalidate
 * with the ETag: a new deploy reaches every site within minutes at the cost of a 304 now and then.
 */
const CACHE_CONTROL = 'public, max-age=300, must-revalidate';

interface Asset {
  mtimeMs: number;
  size: number;
  body: Buffer;
  gzipped: Buffer;
  etag: string;
}

/**
 * Serves the visitor widget script built by `npm run build` (dist/widget/widget.js) at `/widget.js`:
 * cross-origin (CORS `*`), with an ETag, gzip when the browser accepts it, and a clear 404 when the
 * build is missing. The file is re-read only when its size or mtime changes (a rebuild under `npm run dev`).
 */
export default async function widgetAssetRoutes(app: App, options: WidgetAssetOptions) {
  const file = path.join(options.root ?? path.join(findRepoRoot(), 'dist', 'widget'), 'widget.js');
  let cached: Asset | null = null;

  const load = async (): Promise<Asset | null> => {
    const stat = await fs.stat(file).catch(() => null);
    if (!stat?.isFile()) return null;
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached;
    const body = await fs.readFile(file);
    const hash = createHash('sha256').update(body).digest('base64url').slice(0, 27);
    cached = { mtimeMs: stat.mtimeMs, size: stat.size, body, gzipped: gzipSync(body, { level: 9 }), etag: hash };
    return cached;
  };

  app.get('/widget.js', {
    schema: {
      operationId: 'getWidgetScript',
      summary: 'Get the widget script',
      tags: ['widget'],
      security: [],
      description: 'The embeddable visitor widget (chat bubble + forms). Embed it with a script element: `src` this URL, `data-site` the site key, `async`.',
      response: { 200: { description: 'JavaScript', content: { 'application/javascript': { schema: { type: 'string' } } } }, ...errorResponses(404) },
    },
    logLevel: 'warn',
  }, async (request, reply) => {
    const asset = await load();
    reply.header('access-control-allow-origin', '*');
    if (!asset) {
      throw new AppError(404, 'widget_not_built', 'The widget script has not been built: run `npm run build` (or `npm run build:widget`).');
    }
    return sendAsset(request, reply, asset);
  });
}

function sendAsset(request: FastifyRequest, reply: FastifyReply, asset: Asset) {
  const gzip = /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
  // Each encoding is its own representation, so each gets its own strong ETag.
  const etag = `"${asset.etag}${gzip ? '-gz' : ''}"`;
  reply
    .header('content-type', 'application/javascript; charset=utf-8')
    .header('cache-control', CACHE_CONTROL)
    .header('etag', etag)
    .header('vary', 'accept-encoding')
    .header('x-content-type-options', 'nosniff')
    // Other sites load this script; it must not be blocked by a cross-origin resource policy.
    .header('cross-origin-resource-policy', 'cross-origin');
  if (matchesEtag(request.headers['if-none-match'], etag)) return reply.code(304).send();
  if (gzip) reply.header('content-encoding', 'gzip');
  return reply.code(200).send(gzip ? asset.gzipped : asset.body);
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}
