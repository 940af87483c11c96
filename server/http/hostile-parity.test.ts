import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import type { Engine } from '../db/database.js';
import { createTestApp, json, testEngines, type TestApp } from '../test/app.js';
import { startChat } from '../test/chat.js';
import { createOwner, type TestOwner } from '../test/factories.js';
import { createFormFor, submitJson, validContactFields } from '../test/forms.js';

/**
 * One table of hostile inputs fed to EVERY operation in the OpenAPI document (so new routes are covered
 * without editing this file), on SQLite and PostgreSQL: no answer may be a 5xx, every error must have the
 * `{ error: { code, message } }` shape, and both engines must give the same status to the same request.
 */

const NUL = 'a\u0000b';
const LONE = 'x\ud800y';
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const PATH_VALUES: Record<string, string> = {
  nul: '%00', dotdot: '..%2Fetc%2Fpasswd', long: 'x'.repeat(65), badUtf8: '%ff', space: '%20', emoji: encodeURIComponent('😀'), sql: encodeURIComponent("' OR '1'='1"),
};
const QUERY_VALUES: Record<string, string> = {
  nul: 'a%00b', cesu: 'a%ED%A0%80b', long: 'x'.repeat(600), negative: '-1', fraction: '1.5', huge: '1e309', brackets: '%5B%5D',
  braces: '%7B%7D', bool: 'true', leapSecond: encodeURIComponent('2026-12-31T23:59:60Z'), empty: '',
  cursorFraction: b64({ n: 1.5, t: 1.5, at: 1.5, s: 1.5, c: 1.5, o: 1.5 }), cursorNul: b64({ n: 1, t: 1, id: NUL, k: NUL, at: 1, s: 1 }),
  likeWildcards: encodeURIComponent('%_\\'),
};
const BODY_VALUES: Record<string, unknown> = {
  nul: NUL, lone: LONE, empty: '', blank: '   ', long: 'x'.repeat(100_001), array: [], object: {}, bool: true, fraction: 1.5,
  negative: -1, nil: null, wrappedEnum: ['closed'], mongo: { $gt: '' }, leapSecond: '2026-12-31T23:59:60Z', bigint: 2 ** 63,
};
const WHOLE_BODIES: Record<string, unknown> = { array: [], string: 'hello', number: 7, nested: nest(200) };

/** Operations that would end the shared session or are not HTTP request/response routes. */
const SKIP = new Set(['POST /api/auth/logout', 'GET /api/ws', 'GET /api/widget/conversations/{id}/ws']);

interface Fixtures {
  owner: TestOwner;
  ids: Record<string, string>;
  visitorToken: string;
}

interface Probe {
  key: string;
  request: InjectOptions;
}

function nest(depth: number): unknown {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

async function seed(t: TestApp): Promise<Fixtures> {
  const owner = await createOwner(t, { email: 'parity-owner@example.com', name: 'Parity Owner' });
  const chat = await startChat(t, owner.siteKey, 'Hello from the parity test');
  const form = await createFormFor(t, owner);
  const submission = json(await submitJson(t, owner.siteKey, form.id, { fields: validContactFields() })).submission;
  const ticket = json(await t.app.inject({ method: 'POST', url: '/api/tickets', headers: owner.headers, payload: { conversationId: chat.id } })).ticket;
  const token = json(await t.app.inject({ method: 'POST', url: '/api/tokens', headers: owner.headers, payload: { name: 'parity' } }));
  return {
    owner,
    visitorToken: chat.visitorToken,
    ids: { ticket: ticket.id, conversation: chat.id, form: form.id, submission: submission.id, token: token.id, siteKey: owner.siteKey },
  };
}

/** A valid id for a path parameter, by the resource the path names; unknown ones get a well-formed missing id. */
function fixtureFor(path: string, param: string, f: Fixtures): string {
  if (param === 'siteKey') return f.ids.siteKey!;
  if (param === 'formId') return f.ids.form!;
  if (param !== 'id') return 'missing0000000000000000';
  const resource = /^\/api\/(?:widget\/)?(\w+)/.exec(path)?.[1] ?? '';
  const byResource: Record<string, string | undefined> = {
    tickets: f.ids.ticket, conversations: f.ids.conversation, forms: f.ids.form, submissions: f.ids.submission, tokens: f.ids.token,
  };
  return byResource[resource] ?? 'missing0000000000000000';
}

/** A plausible value for a schema, so that one hostile field is judged with the others valid. */
function sampleFor(schema: any): unknown {
  if (!schema) return 'x';
  if (schema.enum) return schema.enum[0];
  if (schema.const !== undefined) return schema.const;
  if (schema.anyOf) return sampleFor(schema.anyOf.find((s: any) => s.type !== 'null') ?? schema.anyOf[0]);
  switch (schema.type) {
    case 'string':
      if (schema.format === 'email') return 'someone@example.com';
      if (schema.format === 'uri') return 'https://example.com/page';
      if (schema.format === 'date-time') return '2026-06-01T12:00:00.000Z';
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).filter(([name]) => (schema.required ?? []).includes(name)).map(([name, s]) => [name, sampleFor(s)]));
    default:
      return 'x';
  }
}

/** Builds every probe for one operation; keys are identical on both engines. */
function probesFor(method: string, path: string, op: any, f: Fixtures): Probe[] {
  const params: any[] = op.parameters ?? [];
  const pathParams = params.filter((p) => p.in === 'path').map((p) => p.name as string);
  const queryParams = params.filter((p) => p.in === 'query').map((p) => p.name as string);
  const jsonSchema = op.requestBody?.content?.['application/json']?.schema;
  const headers: Record<string, string> = { ...f.owner.headers, 'x-visitor-token': f.visitorToken };
  const urlWith = (values: Record<string, string>, query = '') =>
    path.replace(/\{(\w+)\}/g, (_m, name: string) => values[name] ?? fixtureFor(path, name, f)) + (query ? `?${query}` : '');
  const baseline = jsonSchema ? (sampleFor(jsonSchema) as Record<string, unknown>) : undefined;
  const probes: Probe[] = [];
  const add = (key: string, url: string, payload?: unknown) =>
    probes.push({ key: `${method} ${path} ${key}`, request: { method: method as InjectOptions['method'], url, headers, ...(payload === undefined ? {} : { payload: JSON.stringify(payload), headers: { ...headers, 'content-type': 'application/json' } }) } });

  for (const name of pathParams) {
    for (const [label, value] of Object.entries(PATH_VALUES)) add(`path:${name}=${label}`, urlWith({ [name]: value }), baseline);
  }
  // A DELETE of a real fixture would change what later probes see; only its hostile-path forms run.
  if (method === 'DELETE') return probes;
  for (const name of queryParams) {
    for (const [label, value] of Object.entries(QUERY_VALUES)) add(`query:${name}=${label}`, urlWith({}, `${name}=${value}`), baseline);
    add(`query:${name}=repeated`, urlWith({}, `${name}=a&${name}=b`), baseline);
  }
  if (jsonSchema) {
    for (const name of Object.keys(jsonSchema.properties ?? {})) {
      for (const [label, value] of Object.entries(BODY_VALUES)) add(`body:${name}=${label}`, urlWith({}), { ...baseline, [name]: value });
    }
    for (const [label, body] of Object.entries(WHOLE_BODIES)) add(`body=${label}`, urlWith({}), body);
  }
  return probes;
}

describe('hostile inputs on every route of the OpenAPI document', () => {
  const engines = testEngines();
  const apps = new Map<Engine, TestApp>();
  const statuses = new Map<Engine, Map<string, number>>();

  beforeAll(async () => {
    for (const engine of engines) apps.set(engine, await createTestApp(engine));
  }, 120_000);
  afterAll(async () => {
    for (const app of apps.values()) await app.close();
  });

  for (const engine of engines) {
    it(`never answers 5xx and always uses the error shape [${engine}]`, async () => {
      const t = apps.get(engine)!;
      const fixtures = await seed(t);
      const doc = t.app.swagger() as { paths: Record<string, Record<string, any>> };
      const seen = new Map<string, number>();
      const failures: string[] = [];
      for (const [path, operations] of Object.entries(doc.paths)) {
        for (const [lower, op] of Object.entries(operations)) {
          const method = lower.toUpperCase();
          if (SKIP.has(`${method} ${path}`)) continue;
          for (const probe of probesFor(method, path, op, fixtures)) {
            const response = await t.app.inject(probe.request);
            seen.set(probe.key, response.statusCode);
            if (response.statusCode >= 500) failures.push(`${probe.key} → ${response.statusCode} ${response.body.slice(0, 200)}`);
            else if (response.statusCode >= 400 && (response.headers['content-type'] ?? '').toString().includes('json')) {
              const body = JSON.parse(response.body);
              if (typeof body?.error?.code !== 'string' || typeof body?.error?.message !== 'string') failures.push(`${probe.key} → ${response.statusCode} without the error shape: ${response.body.slice(0, 200)}`);
            }
          }
        }
      }
      statuses.set(engine, seen);
      expect(seen.size).toBeGreaterThan(1000);
      expect(failures).toEqual([]);
    }, 300_000);
  }

  it.runIf(engines.length > 1)('gives the same status on SQLite and PostgreSQL to every probe', () => {
    const [a, b] = engines.map((engine) => statuses.get(engine)!);
    expect(a && b, 'both engine runs must have completed').toBeTruthy();
    const differences = [...a!].filter(([key, status]) => b!.get(key) !== status).map(([key, status]) => `${key}: sqlite ${status}, postgres ${b!.get(key)}`);
    expect(differences).toEqual([]);
  });
});
