import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerErrorHandling } from '../errors.js';
import type { App } from '../types.js';
import dashboardRoutes, { isPageRoute } from './dashboard.js';

/** A bare server with the real error handling, one API route and the dashboard plugin. */
async function buildServer(root: string): Promise<App> {
  const app = Fastify({ logger: false }) as unknown as App;
  registerErrorHandling(app);
  app.get('/api/ping', async () => ({ ok: true }));
  await app.register(dashboardRoutes, { root });
  await app.ready();
  return app;
}

describe('dashboard static serving', () => {
  let dir: string;
  let app: App;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-dash-'));
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    fs.writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    fs.writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    app = await buildServer(dir);
  });
  afterAll(async () => {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / and for client routes, revalidated on every load', async () => {
    for (const url of ['/', '/tickets/abc', '/chat?x=1']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toMatch(/text\/html/);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.body).toContain('id="root"');
    }
  });

  it('serves hashed assets with a long immutable cache, other files revalidated', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('leaves the API, health and missing files to the JSON 404', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/ping' })).json()).toEqual({ ok: true });
    for (const url of ['/api/nope', '/api', '/healthz', '/assets/gone.js', '/missing.png']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(404);
      expect(response.json().error.code).toBe('not_found');
    }
  });

  it('answers / with instructions when the dashboard is not built', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-dash-empty-'));
    const bare = await buildServer(empty);
    const response = await bare.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(503);
    expect(response.body).toContain('npm run build');
    expect((await bare.inject({ method: 'GET', url: '/api/ping' })).statusCode).toBe(200);
    await bare.close();
    fs.rmSync(empty, { recursive: true, force: true });
  });

  it('tells page routes from API and file paths', () => {
    expect(isPageRoute('/submissions/x1')).toBe(true);
    expect(isPageRoute('/api/me')).toBe(false);
    expect(isPageRoute('/healthz')).toBe(false);
    expect(isPageRoute('/widget.js')).toBe(false);
  });
});
