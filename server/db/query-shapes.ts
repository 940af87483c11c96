import type { Compilable, CompiledQuery } from 'kysely';
import type { Db } from './database.js';

/**
 * Hot-path queries built and compiled by Kysely once per shape, then run with new values.
 *
 * Building a query with Kysely's builder and compiling it to SQL costs more CPU than SQLite takes to
 * run a cheap indexed query (profiled: about a quarter of a ticket-by-id request, 7–10% of the inbox,
 * issue 20). A "shape" is one combination of the optional parts (which filters are present): for each
 * shape the query is built once with placeholder values, and later calls only bind their values in
 * the same parameter positions. The SQL text stays identical per shape, so the driver's prepared
 * statement cache (SQLite) and PostgreSQL's plans see the same statement.
 */
export type Slots<V> = { readonly [K in keyof V]: V[K] };

type Template = { compiled: CompiledQuery; bindings: ({ name: string } | { value: unknown })[] };

// NUL never reaches a query from outside (server/http/hostile-text.ts refuses it), so a placeholder cannot
// collide with a real value.
const MARK = '\u0000shape:';

const templatesByDb = new WeakMap<Db, Map<string, Template>>();

/**
 * Runs the query `build` makes for `shape`, built only the first time this shape is seen on this
 * database. `build` must use the values only through `slots` (each slot is bound as one parameter) and
 * must not branch on them: everything that changes the SQL text belongs in `shape`.
 */
export async function runShape<V extends Record<string, unknown>, R>(
  db: Db,
  shape: string,
  values: V,
  build: (slots: Slots<V>) => Compilable<R>,
): Promise<R[]> {
  let templates = templatesByDb.get(db);
  if (!templates) templatesByDb.set(db, (templates = new Map()));
  let template = templates.get(shape);
  if (!template) {
    template = compileTemplate(values, build);
    templates.set(shape, template);
  }
  const parameters = template.bindings.map((binding) => ('name' in binding ? values[binding.name] : binding.value));
  const result = await db.executeQuery<R>({ ...template.compiled, parameters });
  return result.rows;
}

function compileTemplate<V extends Record<string, unknown>>(values: V, build: (slots: Slots<V>) => Compilable<unknown>): Template {
  const slots = Object.fromEntries(Object.keys(values).map((name) => [name, `${MARK}${name}`])) as unknown as Slots<V>;
  const compiled = build(slots).compile();
  const bindings = compiled.parameters.map((parameter) =>
    typeof parameter === 'string' && parameter.startsWith(MARK) ? { name: parameter.slice(MARK.length) } : { value: parameter });
  const bound = new Set(bindings.flatMap((b) => ('name' in b ? [b.name] : [])));
  // A slot the query never bound (or bound through a function that rewrote it) would silently run with a
  // placeholder: refuse at the first call instead.
  for (const name of Object.keys(values)) {
    if (!bound.has(name)) throw new Error(`runShape: value "${name}" is not a parameter of the query`);
  }
  return { compiled, bindings };
}
