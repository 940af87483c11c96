import swaggerUi from '@fastify/swagger-ui';
import type { App } from '../types.js';

/**
 * The API reference at /docs: Swagger UI rendering the same document as /api/openapi.json (served again at
 * /docs/json by the plugin). Its page loads only same-origin script files (the bundle and an initializer
 * served as a file, no inline script), so the strict CSP from security-headers.ts applies unchanged:
 * `script-src 'self'`, `frame-ancestors 'none'`. Public, like the document itself.
 */
export default async function apiDocsRoutes(app: App) {
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // No calls to the public validator service (it would also break `img-src 'self'`).
    validatorUrl: false,
    theme: { title: 'FloatMessage API reference' },
    uiConfig: {
      // No top bar: it shows the renderer's logo and a box to load any other document.
      layout: 'BaseLayout',
      deepLinking: true,
      docExpansion: 'list',
      displayOperationId: true,
      tryItOutEnabled: false,
    },
  });
}
