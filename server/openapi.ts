import swagger from '@fastify/swagger';
import type { App } from './types.js';

/** Every tag an operation may carry, with the sentence the API reference shows for it. */
export const API_TAGS = [
  { name: 'accounts', description: 'Sign-up, sign-in, sessions, the signed-in user, API tokens and password recovery.' },
  { name: 'team', description: 'The workspace: teammates, invites, roles and the mail settings.' },
  { name: 'chat', description: 'Conversations and messages on the team side, files in chat, saved replies and unread counts.' },
  { name: 'tickets', description: 'Tickets made from conversations or form submissions: edits, activity, tags, bulk changes, export.' },
  { name: 'forms', description: 'Forms and their submissions on the team side.' },
  { name: 'reports', description: 'Volume, first-response and resolution reports.' },
  { name: 'widget', description: 'The public visitor API the widget and embedded forms call from other sites (CORS open, rate-limited per IP).' },
  { name: 'live', description: 'WebSocket endpoints for live events (team and visitor).' },
  { name: 'webhooks', description: 'Signed webhooks: endpoints with chosen events, their delivery log and redelivery (docs/WEBHOOKS.md).' },
  { name: 'operations', description: 'Liveness and readiness probes and metrics for operators.' },
] as const;

export type ApiTag = (typeof API_TAGS)[number]['name'];

/**
 * Registers @fastify/swagger: the document at /api/openapi.json is generated from the route schemas.
 * Shared schemas added with `app.addSchema` (the `ErrorBody`) become components named by their `$id`,
 * so every error response is a `$ref` to one component instead of a copy.
 */
export async function registerOpenApi(app: App): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'FloatMessage API',
        version: '1',
        description: 'The JSON API of a FloatMessage server. Owner routes take the session cookie (dashboard) or an API '
          + 'token (`Authorization: Bearer …`); the visitor routes under `/api/widget` are public, and a conversation\'s '
          + '`X-Visitor-Token` is the only key to it. Every error answers `{ "error": { "code", "message" } }` (see `ErrorBody`).',
      },
      // Relative unless PUBLIC_URL names the public origin, so "try it" calls the server the reference is read on.
      servers: [{ url: app.config.publicUrl ?? '/', description: 'This FloatMessage server' }],
      tags: API_TAGS.map((tag) => ({ ...tag })),
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'fm_session', description: 'The dashboard\'s session cookie (changes also need a same-origin `Origin`).' },
          bearer: { type: 'http', scheme: 'bearer', description: 'An API token made under Settings.' },
          visitorToken: { type: 'apiKey', in: 'header', name: 'X-Visitor-Token', description: 'A conversation\'s visitor token, given when the visitor starts it.' },
          visitorTokenQuery: { type: 'apiKey', in: 'query', name: 'token', description: 'The visitor token as `?token=`, for file links and the visitor WebSocket.' },
        },
      },
      // Owner sign-in unless a route says otherwise (`security: []` public, or a visitor token scheme).
      security: [{ session: [] }, { bearer: [] }],
    },
    // Paths are absolute (/api/…) whatever PUBLIC_URL's path is.
    stripBasePath: false,
    transformObject: (documentObject) => describeSuccesses((documentObject as unknown as { openapiObject: Document }).openapiObject),
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
  });
}

type Document = { paths?: Record<string, Record<string, { responses?: Record<string, { description?: string }> }>> };

const STATUS_TEXT: Record<string, string> = { 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No content', 409: 'Conflict' };

/** @fastify/swagger says "Default Response" where a success schema has no description: say what the status means (error statuses get theirs from `errorResponses`). */
function describeSuccesses(document: Document): Document {
  for (const methods of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(methods)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (response.description === 'Default Response' && STATUS_TEXT[status]) response.description = STATUS_TEXT[status];
      }
    }
  }
  return document;
}
