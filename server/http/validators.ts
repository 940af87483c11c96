import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Two schema compilers with the same formats. Bodies are JSON: they already carry their types, so
 * nothing is coerced (`"status": ["closed"]` stays an array and is refused, `"title": true` stays a
 * boolean). Query strings, path parameters and headers arrive as text, so scalars are coerced
 * (`?limit=20` → 20) — but never arrays into scalars or back.
 */
const SHARED: Options = { useDefaults: true, removeAdditional: true, allErrors: false, addUsedSchema: false };

export function createValidators() {
  return { body: buildAjv(false), text: buildAjv(true) };
}

function buildAjv(coerceTypes: boolean): Ajv {
  const ajv = new Ajv({ ...SHARED, coerceTypes });
  addFormats.default(ajv);
  // ajv-formats accepts a leap second (…T23:59:60Z) that Date cannot represent: refuse what Date cannot parse.
  const dateTime = ajv.formats['date-time'];
  const check = typeof dateTime === 'object' && 'validate' in dateTime ? dateTime.validate : dateTime;
  ajv.addFormat('date-time', {
    type: 'string',
    validate: (text: string) =>
      (typeof check === 'function' ? (check as (s: string) => boolean)(text) : true) && Number.isFinite(Date.parse(text)),
  });
  return ajv;
}
