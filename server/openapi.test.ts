import { expect, it } from 'vitest';
import { ERROR_CODE_LIST } from '../shared/error-codes.js';
import { describeEachEngine } from './test/app.js';
import { API_TAGS } from './openapi.js';

/**
 * The OpenAPI document is generated from the route schemas; these checks keep it a usable reference
 * (the API reference at /docs, clients generated from it) as routes are added. `npm run lint:api`
 * runs Redocly on the same document.
 */

/** operationIds start with one of these verbs (add one here when a new route truly needs it). */
const VERBS = [
  'accept', 'change', 'check', 'create', 'delete', 'download', 'export', 'get', 'list', 'mark', 'open', 'preview', 'redeliver',
  'remove', 'rename', 'reply', 'request', 'reset', 'revoke', 'send', 'sign', 'start', 'submit', 'switch', 'update', 'unsubscribe', 'upload',
];
const OPERATION_ID = new RegExp(`^(${VERBS.join('|')})[A-Z][A-Za-z0-9]*$`);
const ERROR_REF = '#/components/schemas/ErrorBody';

interface Operation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: { in: string; name: string }[];
  responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
}
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, any> } };

function operationsOf(document: Document): [string, Operation][] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]): [string, Operation] => [`${method.toUpperCase()} ${path}`, op]));
}

/** Owner sign-in is required when the operation inherits the document's security or names only owner schemes. */
function requiresOwner(op: Operation): boolean {
  if (!op.security) return true;
  return op.security.length > 0 && op.security.every((requirement) => Object.keys(requirement).some((scheme) => scheme === 'session' || scheme === 'bearer'));
}

describeEachEngine('the OpenAPI document', (t) => {
  const document = () => t().app.swagger() as unknown as Document;

  it('gives every operation a unique verb-first camelCase operationId, a summary and declared tags', () => {
    const declared = new Set<string>(API_TAGS.map((tag) => tag.name));
    const seen = new Map<string, string>();
    const problems: string[] = [];
    for (const [where, op] of operationsOf(document())) {
      if (!op.operationId || !OPERATION_ID.test(op.operationId)) problems.push(`${where}: operationId ${JSON.stringify(op.operationId)} must be camelCase and start with a verb (${VERBS.join(', ')})`);
      else if (seen.has(op.operationId)) problems.push(`${where}: operationId ${op.operationId} is also used by ${seen.get(op.operationId)}`);
      if (op.operationId) seen.set(op.operationId, where);
      if (!op.summary?.trim()) problems.push(`${where}: add a one-line \`summary\` to the route schema`);
      if (!op.tags?.length) problems.push(`${where}: add \`tags\` to the route schema`);
      for (const tag of op.tags ?? []) if (!declared.has(tag)) problems.push(`${where}: tag "${tag}" is not one of API_TAGS in server/openapi.ts (add it there with a description)`);
    }
    expect(problems, 'every route schema needs operationId, summary and tags (see docs/ARCHITECTURE.md, "API reference")').toEqual([]);
    expect(seen.size).toBeGreaterThan(70);
  });

  it('answers every error with a $ref to the one ErrorBody component, which lists every error code', () => {
    const doc = document();
    const inlined: string[] = [];
    for (const [where, op] of operationsOf(doc)) {
      for (const [status, response] of Object.entries(op.responses)) {
        const schema = response.content?.['application/json']?.schema;
        if (Number(status) >= 400 && schema && schema.$ref !== ERROR_REF) inlined.push(`${where} ${status}`);
      }
    }
    // One documented exception: 409 ticket_exists carries the existing ticket next to the error.
    expect(inlined.filter((entry) => entry !== 'POST /api/tickets 409')).toEqual([]);
    const errorBody = doc.components.schemas.ErrorBody;
    expect(errorBody.properties.error.properties.code.enum).toEqual(ERROR_CODE_LIST);
    expect(Object.keys(doc.components.schemas)).toEqual(['ErrorBody']);
  });

  it('declares the owner sign-in exactly where an anonymous request is refused with 401', async () => {
    const mismatches: string[] = [];
    for (const [where, op] of operationsOf(document())) {
      const [method, path] = where.split(' ') as [string, string];
      const url = path.replace(/\{\w+\}/g, 'missing0000000000000000');
      const hasBody = method === 'POST' || method === 'PATCH';
      const response = await t().app.inject({ method: method as 'GET', url, ...(hasBody ? { payload: {} } : {}) });
      const refused = response.statusCode === 401 && (!response.headers['content-type']?.toString().includes('json') || JSON.parse(response.body).error.code === 'unauthorized');
      if (requiresOwner(op) !== refused) mismatches.push(`${where}: ${requiresOwner(op) ? 'declares owner sign-in' : 'declares public/visitor access'} but answered ${response.statusCode} without credentials`);
    }
    expect(mismatches, 'a public route needs `security: []` (or a visitor token scheme) in its schema').toEqual([]);
  });
});
