import type { App } from '../types.js';

/**
 * Shared setup for the visitor-facing (public) API under /api/widget: the widget and embedded forms
 * call it from the owner's website, i.e. cross-origin and without cookies, so CORS is open (`*`,
 * no credentials). Call `preparePublicRoutes(app)` at the top of a public route plugin, and give
 * every public route `config: publicRouteConfig(app)` (per-IP rate limit, PUBLIC_RATE_LIMIT per minute).
 */
export function publicRouteConfig(app: App) {
  const { max, windowMs } = app.config.publicRateLimit;
  return { rateLimit: { max, timeWindow: windowMs } };
}

export function preparePublicRoutes(app: App): void {
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('access-control-allow-origin', '*');
    reply.header('access-control-expose-headers', 'retry-after, x-request-id');
  });
}

/** Answers CORS preflight for the public API (the widget sends JSON and X-Visitor-Token). */
export function registerPublicPreflight(app: App): void {
  app.options('/api/widget/*', { schema: { hide: true } }, async (_request, reply) => {
    reply
      .header('access-control-allow-origin', '*')
      .header('access-control-allow-methods', 'GET, POST, PATCH, OPTIONS')
      .header('access-control-allow-headers', 'content-type, x-visitor-token')
      .header('access-control-max-age', '86400');
    return reply.code(204).send();
  });
}
