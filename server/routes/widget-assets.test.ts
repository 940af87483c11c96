import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWidget } from '../../widget/build.js';
import { registerErrorHandling } from '../errors.js';
import type { App } from '../types.js';
import widgetAssetRoutes from './widget-assets.js';

/**
 * The /widget.js route on its own (it reads a file and touches no database): served from a folder
 * holding the real widget, built here with the production build function.
 */
describe('GET /widget.js', () => {
  let root = '';
  let app: App;
  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-widget-'));
    await buildWidget(path.join(root, 'widget.js'));
    app = await serve(root);
  });
  afterAll(async () => {
    await app.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('serves the built script cross-origin as JavaScript, with an ETag and a short cache', async () => {
    const response = await app.inject({ method: 'GET', url: '/widget.js' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/javascript; charset=utf-8');
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['cache-control']).toBe('public, max-age=300, must-revalidate');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers.etag).toMatch(/^"[\w-]{27}"$/);
    expect(response.body).toBe(fs.readFileSync(path.join(root, 'widget.js'), 'utf8'));
  });

  it('answers 304 to a matching If-None-Match, and 200 again once the file changes', async () => {
    const first = await app.inject({ method: 'GET', url: '/widget.js' });
    const etag = first.headers.etag as string;
    const again = await app.inject({ method: 'GET', url: '/widget.js', headers: { 'if-none-match': `W/"other", ${etag}` } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');

    const file = path.join(root, 'widget.js');
    const original = fs.readFileSync(file);
    fs.writeFileSync(file, Buffer.concat([original, Buffer.from('\n;')]));
    try {
      const changed = await app.inject({ method: 'GET', url: '/widget.js', headers: { 'if-none-match': etag } });
      expect(changed.statusCode).toBe(200);
      expect(changed.headers.etag).not.toBe(etag);
    } finally {
      fs.writeFileSync(file, original);
    }
  });

  it('sends gzip to browsers that accept it, as its own representation', async () => {
    const plain = await app.inject({ method: 'GET', url: '/widget.js' });
    const zipped = await app.inject({ method: 'GET', url: '/widget.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toBe('accept-encoding');
    expect(zipped.headers.etag).not.toBe(plain.headers.etag);
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(plain.body);
  });

  it('answers 404 with a clear message when the widget has not been built', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-widget-empty-'));
    const bare = await serve(empty);
    try {
      const response = await bare.inject({ method: 'GET', url: '/widget.js' });
      expect(response.statusCode).toBe(404);
      expect(response.headers['access-control-allow-origin']).toBe('*');
      expect(JSON.parse(response.body)).toEqual({
        error: { code: 'widget_not_built', message: 'The widget script has not been built: run `npm run build` (or `npm run build:widget`).' },
      });
    } finally {
      await bare.close();
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});

async function serve(root: string): Promise<App> {
  const app = Fastify().withTypeProvider<TypeBoxTypeProvider>();
  registerErrorHandling(app);
  await app.register(widgetAssetRoutes, { root });
  await app.ready();
  return app as unknown as App;
}
