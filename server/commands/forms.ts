import type { Db } from '../db/database.js';
import type { Form } from '../db/schema.js';
import type { Actor } from './accounts.js';
import type { CreateFormBody, FormField, UpdateFormBody } from '../../shared/schemas/forms.js';
import { notFound } from '../errors.js';
import { newId } from '../lib/ids.js';
import { decodeCursor } from '../lib/cursor.js';
import { toTimePage } from '../lib/time-page.js';
import { normalizeFormFields, normalizeFormName } from '../forms/validate-form.js';

/** A form row with its fields parsed and its stored submission count. */
export interface FormWithCount {
  form: Form;
  fields: FormField[];
  submissionCount: number;
}

export function parseFormFields(form: Pick<Form, 'fields'>): FormField[] {
  return JSON.parse(form.fields) as FormField[];
}

export async function createForm(db: Db, actor: Actor, input: CreateFormBody): Promise<FormWithCount> {
  const fields = normalizeFormFields(input.fields);
  const now = Date.now();
  const form: Form = {
    id: newId(),
    owner_id: actor.ownerId,
    name: normalizeFormName(input.name),
    fields: JSON.stringify(fields),
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('forms').values(form).execute();
  return { form, fields, submissionCount: 0 };
}

/** Newest first, keyset-paginated, with each form's submission count (one grouped query per page). */
export async function listForms(db: Db, actor: Actor, page: { limit: number; cursor?: string }) {
  const after = decodeCursor(page.cursor, { t: 'number', id: 'string' });
  let query = db.selectFrom('forms').selectAll().where('owner_id', '=', actor.ownerId);
  if (after) query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(after.t, after.id)));
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit + 1).execute();
  const { rows: forms, nextCursor } = toTimePage(rows, page.limit);
  const counts = await countSubmissions(db, actor.ownerId, forms.map((form) => form.id));
  const items = forms.map((form) => ({ form, fields: parseFormFields(form), submissionCount: counts.get(form.id) ?? 0 }));
  return { items, nextCursor };
}

export async function findForm(db: Db, actor: Actor, id: string): Promise<FormWithCount> {
  const form = await db.selectFrom('forms').selectAll().where('owner_id', '=', actor.ownerId).where('id', '=', id).executeTakeFirst();
  if (!form) throw notFound('Form');
  const counts = await countSubmissions(db, actor.ownerId, [form.id]);
  return { form, fields: parseFormFields(form), submissionCount: counts.get(form.id) ?? 0 };
}

/**
 * Renames and/or replaces the field list. Earlier submissions keep their own copy of labels and
 * values, so editing never rewrites history.
 */
export async function updateForm(db: Db, actor: Actor, id: string, patch: UpdateFormBody): Promise<FormWithCount> {
  const current = await findForm(db, actor, id);
  const changes: Partial<Form> = {};
  if (patch.name !== undefined) changes.name = normalizeFormName(patch.name);
  if (patch.fields !== undefined) changes.fields = JSON.stringify(normalizeFormFields(patch.fields));
  // A PATCH repeating the current values changes nothing: updatedAt stays (api.md, issue #17).
  if (Object.entries(changes).every(([column, value]) => current.form[column as keyof Form] === value)) return current;
  changes.updated_at = Date.now();
  const result = await db.updateTable('forms').set(changes).where('owner_id', '=', actor.ownerId).where('id', '=', id).executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw notFound('Form');
  return findForm(db, actor, id);
}

/** Deletes the definition only: its submissions stay readable (they carry the form name and labels). */
export async function deleteForm(db: Db, actor: Actor, id: string): Promise<void> {
  const result = await db.deleteFrom('forms').where('owner_id', '=', actor.ownerId).where('id', '=', id).executeTakeFirst();
  if (result.numDeletedRows === 0n) throw notFound('Form');
}

/** The form a visitor may see: it must belong to the owner of `siteKey`; anything else is 404. */
export async function findPublicForm(db: Db, siteKey: string, formId: string): Promise<Form> {
  const form = await db
    .selectFrom('forms')
    .innerJoin('users', 'users.id', 'forms.owner_id')
    .selectAll('forms')
    .where('users.site_key', '=', siteKey)
    .where('forms.id', '=', formId)
    .executeTakeFirst();
  if (!form) throw notFound('Form');
  return form;
}

/**
 * A form found by its id alone, for the hosted page `/f/{formId}` (ids are random 128-bit strings, and
 * the form is public anyway), with its owner's public site key, which the page posts to. 404 otherwise.
 */
export async function findHostedForm(db: Db, formId: string): Promise<{ form: Form; siteKey: string }> {
  const row = await db
    .selectFrom('forms')
    .innerJoin('users', 'users.id', 'forms.owner_id')
    .selectAll('forms')
    .select('users.site_key')
    .where('forms.id', '=', formId)
    .executeTakeFirst();
  if (!row) throw notFound('Form');
  const { site_key: siteKey, ...form } = row;
  return { form, siteKey };
}

/** The owner's oldest form (the one they made first), or null: what the demo page embeds. */
export async function findFirstForm(db: Db, actor: Actor): Promise<Form | null> {
  const form = await db
    .selectFrom('forms')
    .selectAll()
    .where('owner_id', '=', actor.ownerId)
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .limit(1)
    .executeTakeFirst();
  return form ?? null;
}

async function countSubmissions(db: Db, ownerId: string, formIds: string[]): Promise<Map<string, number>> {
  if (formIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('form_submissions')
    .select((eb) => ['form_id', eb.fn.countAll<number>().as('count')])
    .where('owner_id', '=', ownerId)
    .where('form_id', 'in', formIds)
    .groupBy('form_id')
    .execute();
  return new Map(rows.map((row) => [row.form_id, Number(row.count)]));
}
