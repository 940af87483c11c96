import { expect, it } from 'vitest';
import { describeEachEngine, json } from '../test/app.js';

/** Directives of a Content-Security-Policy header, by name. */
function directives(header: unknown): Map<string, string[]> {
  return new Map(String(header).split(';').map((part) => part.trim().split(/\s+/)).filter((words) => words[0]).map(([name, ...values]) => [name!, values]));
}

describeEachEngine('the API reference at /docs', (t) => {
  it('serves the reference page under the strict CSP: same-origin script files only, never framed', async () => {
    for (const url of ['/docs', '/docs/']) {
      const page = await t().app.inject({ method: 'GET', url });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      const csp = directives(page.headers['content-security-policy']);
      expect(csp.get('script-src')).toEqual(["'self'"]);
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(page.headers['x-frame-options']).toBe('DENY');
      // Every script is a file (no inline code the CSP would block), and each of them is served.
      const scripts = [...page.body.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThanOrEqual(3);
      for (const [, attributes, body] of scripts) {
        expect(body!.trim()).toBe('');
        const src = /src="([^"]+)"/.exec(attributes!)?.[1];
        expect(src).toBeDefined();
        const script = await t().app.inject({ method: 'GET', url: new URL(src!, `http://localhost${url}`).pathname });
        expect(script.statusCode, src).toBe(200);
        expect(script.headers['content-type']).toContain('javascript');
      }
    }
  });

  it('renders the same document as /api/openapi.json, and is not itself an operation in it', async () => {
    const served = json(await t().app.inject({ method: 'GET', url: '/docs/json' }));
    const document = json(await t().app.inject({ method: 'GET', url: '/api/openapi.json' }));
    expect(served).toEqual(document);
    expect(Object.keys(document.paths).filter((path) => path.startsWith('/docs'))).toEqual([]);
    expect(document.info.title).toBe('FloatMessage API');
  });

  it('is public: no session is needed to read the reference', async () => {
    const initializer = await t().app.inject({ method: 'GET', url: '/docs/static/swagger-initializer.js' });
    expect(initializer.statusCode).toBe(200);
    // The initializer points Swagger UI at the document next to it and calls no outside validator.
    expect(initializer.body).toContain("resolveUrl('./json')");
    expect(initializer.body).toContain('validatorUrl: null');
  });
});
