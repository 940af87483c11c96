import fastJson from 'fast-json-stringify';
import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { Nullable, Timestamp } from './common.js';

describe('Nullable', () => {
  it('writes T | null as a type array with the inner schema and the options', () => {
    expect(JSON.parse(JSON.stringify(Nullable(Timestamp, { description: 'When.' })))).toEqual({ type: ['string', 'null'], format: 'date-time', description: 'When.' });
    expect(JSON.parse(JSON.stringify(Nullable(Type.Object({ id: Type.String() }))))).toMatchObject({ type: ['object', 'null'], required: ['id'] });
  });

  it('serializes a value, null, and an object with nullable fields as JSON.stringify does', () => {
    const serialize = fastJson(Type.Object({
      at: Nullable(Timestamp),
      who: Nullable(Type.Object({ id: Type.String(), email: Nullable(Type.String()) })),
    }));
    for (const value of [
      { at: '2026-12-03T10:00:00.000Z', who: { id: 'u1', email: 'a@example.org' } },
      { at: null, who: null },
      { at: null, who: { id: 'u"2', email: null } },
    ]) expect(serialize(value)).toBe(JSON.stringify(value));
  });
});
