import querystring from 'node:querystring';
import type { App } from '../types.js';

export const URLENCODED_BODY_LIMIT = 1024 * 1024;
const MAX_KEYS = 200;

/**
 * Parses `application/x-www-form-urlencoded` bodies (classic HTML form posts) into a flat
 * `{ name: value }` object, for the plugin it is registered in only. A repeated name keeps its last
 * value (the hidden "false" + checkbox "true" idiom then reads as checked). Names beyond the first
 * 200 are dropped. Fastify has no built-in parser for this type and we add no dependency for it.
 */
export function registerUrlencodedParser(app: App, bodyLimit = URLENCODED_BODY_LIMIT): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit }, (_request, body, done) => {
    const parsed = querystring.parse(body as string, '&', '=', { maxKeys: MAX_KEYS });
    // fromEntries defines own properties, so a "__proto__" name is plain data, never a prototype.
    const flat = Object.fromEntries(
      Object.entries(parsed).map(([name, value]) => [name, Array.isArray(value) ? (value.at(-1) ?? '') : (value ?? '')]),
    );
    done(null, flat);
  });
}
