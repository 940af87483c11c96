/**
 * Serializing a page of 50 ticket list items (GET /api/tickets, a search page) with Fastify's serializer
 * (fast-json-stringify), the response schema as served against the same schema with every nullable field written
 * as `anyOf: [T, null]` (how it was written before `Nullable`, shared/schemas/common.ts). Prints µs per page
 * (median of 9 rounds of 2,000 pages after 2 warm-up rounds) and checks that both give the same JSON.
 *
 *   npx tsx bench/serialize-page.ts
 */
import fastJson from 'fast-json-stringify';
import { Page } from '../shared/schemas/common.js';
import { TicketListItem } from '../shared/schemas/tickets.js';
import { medianMs } from './median-time.js';

type Json = { [key: string]: unknown };

/** The schema with each `type: [T, 'null']` turned back into `anyOf: [{ type: T, … }, { type: 'null' }]`. */
function asAnyOf(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(asAnyOf);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Json = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, asAnyOf(value)]));
  const type = out.type;
  if (Array.isArray(type) && type.length === 2 && type[1] === 'null') {
    const { description, ...rest } = out;
    return { ...(description === undefined ? {} : { description }), anyOf: [{ ...rest, type: type[0] }, { type: 'null' }] };
  }
  return out;
}

function listItem(i: number) {
  return {
    id: `tk_${String(i).padStart(20, '0')}`, number: i, title: `Parcel never arrived ${i}`, status: 'new', version: 3,
    source: i % 2 ? { type: 'conversation', id: `cv_${i}`, available: true } : null, conversationId: i % 2 ? `cv_${i}` : null, formSubmissionId: null,
    visitor: { name: `Vera ${i}`, email: i % 3 ? 'vera@example.org' : null },
    createdAt: '2026-11-02T10:11:12.123Z', updatedAt: '2026-11-03T10:11:12.123Z', closedAt: i % 4 ? null : '2026-11-05T10:11:12.123Z',
    assigneeId: i % 5 ? null : 'us_1', assignee: i % 5 ? null : { id: 'us_1', name: 'Olive' }, tags: ['billing'], attachments: [],
    priority: 'normal', dueAt: null, visibleToVisitor: false, notesPreview: 'The customer wrote again about the parcel. '.repeat(5),
    match: { field: 'notes', snippet: 'The [[customer]] wrote again' },
  };
}

const schema = Page(TicketListItem);
const served = fastJson(schema);
const withAnyOf = fastJson(asAnyOf(schema) as typeof schema);
const page = { items: Array.from({ length: 50 }, (_, i) => listItem(i + 1)), nextCursor: 'eyJjIjoxfQ' };
if (served(page) !== withAnyOf(page)) throw new Error('the two serializers differ');

const PAGES = 2000;
const microsPerPage = (serialize: (page: unknown) => string) => (medianMs(() => {
  for (let i = 0; i < PAGES; i++) serialize(page);
}, { warmup: 2, rounds: 9 }) * 1000) / PAGES;
const anyOf = microsPerPage(withAnyOf);
const types = microsPerPage(served);
console.log(`page of 50 list items: anyOf ${anyOf.toFixed(0)} µs, type arrays (as served) ${types.toFixed(0)} µs (${(anyOf / types).toFixed(2)}×)`);
