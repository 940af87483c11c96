import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { baseUrl } from './helpers.js';

/**
 * A customer's website on its own origin, as hostile as real ones get: a fixed header and a cookie
 * consent banner both at the maximum z-index, covering the bottom-right corner where the bubble
 * sits. `?theme=` sets the widget's data-theme; the page's own colours follow the colour scheme so
 * the dark-mode screenshots look like a dark site.
 */
export async function startHostileSite(siteKey: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const theme = url.searchParams.get('theme') ?? 'auto';
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hostile shop</title>
<style>
  :root { color-scheme: light dark; }
  body { margin: 0; font: 16px/1.5 Georgia, serif; }
  .site-header { position: fixed; top: 0; left: 0; right: 0; height: 64px; z-index: 2147483647; background: #222; color: #fff; display: flex; align-items: center; padding: 0 16px; }
  main { padding: 80px 16px 400px; }
  .consent { position: fixed; left: 0; right: 0; bottom: 0; z-index: 2147483647; background: #fffbe6; color: #222; padding: 24px 16px 32px; box-shadow: 0 -2px 12px rgb(0 0 0 / 30%); }
  .consent button { font: inherit; padding: 8px 16px; }
</style></head><body>
<header class="site-header">Hostile shop</header>
<main><h1>Products</h1><p>Everything here is fixed, sticky and on top.</p></main>
<div class="consent" role="region" aria-label="Cookie consent"><p>We use cookies to make this site work and to measure it.</p><button type="button">Accept all</button></div>
<script src="${baseUrl()}/widget.js" data-site="${siteKey}" data-title="Chat with Acme" data-theme="${theme}" async></script>
</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
