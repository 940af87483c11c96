import { Ajv, type Options, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Two schema compilers with the same formats. Bodies are JSON: they already carry their types, so
 * nothing is coerced (`"status": ["closed"]` stays an array and is refused, `"title": true` stays a
 * boolean). Query strings, path parameters and headers arrive as text, so scalars are coerced
 * (`?limit=20` → 20) — but never arrays into scalars or back.
 */
// strictNumbers: "1e309" coerces to Infinity, which must not pass as an integer (it did, and reached the database).
const SHARED: Options = { useDefaults: true, removeAdditional: true, allErrors: false, addUsedSchema: false, strictNumbers: true };

export function createValidators() {
  const body = buildAjv(false);
  const text = buildAjv(true);
  return {
    compile(schema: object, httpPart: string | undefined): ValidateFunction {
      return httpPart === 'body' ? body.compile(schema) : refusingInfinity(text.compile(schema));
    },
  };
}

/**
 * Coercion turns "1e309" into Infinity, which Ajv then accepts as an integer below any maximum (and
 * `strictNumbers` does not look at coerced values). A non-finite number in text is always a bad input.
 */
function refusingInfinity(validate: ValidateFunction): ValidateFunction {
  const wrapped = ((data: unknown) => {
    const ok = validate(data);
    wrapped.errors = validate.errors;
    if (!ok || data === null || typeof data !== 'object') return ok;
    const bad = Object.entries(data).find(([, value]) => typeof value === 'number' && !Number.isFinite(value));
    if (!bad) return true;
    wrapped.errors = [{ instancePath: `/${bad[0]}`, schemaPath: '#/type', keyword: 'type', params: {}, message: 'must be a finite number' }];
    return false;
  }) as ValidateFunction;
  wrapped.schema = validate.schema;
  return wrapped;
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
