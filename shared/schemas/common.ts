import { Kind, Type, type SchemaOptions, type Static, type TSchema } from '@sinclair/typebox';
import { ERROR_CODES, ERROR_CODE_LIST } from '../error-codes.js';

const codeTable = ERROR_CODE_LIST.map((code) => `- \`${code}\`: ${ERROR_CODES[code]}`).join('\n');

/** The one error body; registered with `app.addSchema` and referenced (never inlined) by every route. */
export const ErrorBody = Type.Object(
  {
    error: Type.Object(
      {
        code: StringEnum(ERROR_CODE_LIST, { description: `A stable code for programs:\n${codeTable}` }),
        message: Type.String({ description: 'A sentence for people; may change.' }),
      },
      { additionalProperties: true, description: 'Some errors carry more fields (e.g. `field`, `ticket`, `maxBytes`).' },
    ),
  },
  { $id: 'ErrorBody', title: 'ErrorBody', description: 'Every error answer has this shape.' },
);

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad request', 401: 'Not signed in (no valid session, token or visitor token)', 403: 'Not allowed',
  404: 'Not found', 408: 'Request body too slow', 409: 'Conflict', 413: 'Too large', 415: 'Unsupported media type',
  422: 'Invalid input', 426: 'Upgrade required', 429: 'Too many requests', 503: 'Unavailable; retry after Retry-After seconds',
};

/**
 * Response map entries for the error statuses a route can answer with: `$ref`s to the one `ErrorBody`
 * component (fast-json-stringify resolves them through `app.addSchema(ErrorBody)`), typed as its body.
 */
export function errorResponses(...statuses: number[]): Record<number, TErrorRef> {
  return Object.fromEntries(statuses.map((status) => [status, errorRef(STATUS_TEXT[status] ?? 'Error')]));
}

type TErrorRef = ReturnType<typeof errorRef>;
const errorRef = (description: string) => Type.Unsafe<Static<typeof ErrorBody>>({ $ref: 'ErrorBody#', description });

export const Timestamp = Type.String({ format: 'date-time' });

export const PageQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
});

export function Page<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String()) });
}
/** One page of a cursor-paged list, as `Page(item)` answers it. */
export type Page<T> = { items: T[]; nextCursor: string | null };

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/**
 * `T | null` for a schema of one JSON type, written as a type array (`type: ['string', 'null']`) rather than
 * `anyOf`: Fastify's serializer (fast-json-stringify) writes a type array with a typeof check, but picks an `anyOf`
 * branch by running an ajv validation of each value (a date-time format check per date). A page of 50 ticket list
 * items: 131–161 → 70–123 µs to serialize over five runs (issue 20, `npx tsx bench/serialize-page.ts`).
 * Same document for clients (OpenAPI 3.1), same TypeScript type.
 */
export function Nullable<T extends TSchema & { type: string }>(schema: T, options: SchemaOptions = {}) {
  const { [Kind]: _kind, ...json } = schema;
  return Type.Unsafe<Static<T> | null>({ ...json, ...options, type: [schema.type, 'null'] });
}

/** A string enum typed as its literal union, rendered as `{ type: 'string', enum: [...] }` in OpenAPI. */
export function StringEnum<const T extends readonly string[]>(values: T, options: SchemaOptions = {}) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/** The answer of a WebSocket route that upgrades: 101, then frames (documented in the route's description). */
export const SocketUpgradeResponse = { 101: Type.Null({ description: 'Switching Protocols: the WebSocket is open.' }) };
