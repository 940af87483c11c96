import { FORM_LIMITS, HONEYPOT_FIELD } from '../constants.js';
import type { FormField, SubmittedField } from '../schemas/forms.js';

export interface SubmissionProblem {
  /** The field name (or the unknown name that was sent). */
  field: string;
  message: string;
}

export type SubmissionCheck =
  | { ok: true; fields: SubmittedField[] }
  | { ok: false; problems: SubmissionProblem[] };

// Deliberately simple: one "@", no spaces, a dot in the domain. Deliverability is not checkable here.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CHECKED = new Set(['on', 'true', '1', 'yes']);
const UNCHECKED = new Set(['', 'off', 'false', '0', 'no']);

/**
 * Validates submitted values against a form definition and returns them in form order with a copy of
 * each label and type. Every problem is reported (the API names the first; the HTML page lists all).
 * Values may come from JSON (strings, booleans, null) or from a urlencoded post (strings only), so
 * checkbox strings like "on"/"true" are accepted. Pure (no I/O, no TypeBox at runtime): the server and the
 * widget both run it, so client-side checks and their messages match the server's 422 answers exactly.
 */
export function validateSubmission(definition: FormField[], values: Record<string, unknown>): SubmissionCheck {
  const problems: SubmissionProblem[] = [];
  const known = new Set(definition.map((field) => field.name));
  for (const name of Object.keys(values)) {
    if (!known.has(name) && name !== HONEYPOT_FIELD) {
      problems.push({ field: name.slice(0, 64), message: `"${name.slice(0, 64)}" is not a field of this form.` });
    }
  }

  const fields: SubmittedField[] = [];
  for (const field of definition) {
    const raw = Object.hasOwn(values, field.name) ? values[field.name] : undefined;
    const result = field.type === 'checkbox' ? readCheckbox(field, raw) : readText(field, raw);
    if (typeof result === 'object') problems.push({ field: field.name, message: result.problem });
    else fields.push({ name: field.name, label: field.label, type: field.type, value: result });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, fields };
}

/** True when the honeypot was filled in: a person never sees it, a bot fills every input. */
export function isHoneypotFilled(values: Record<string, unknown>): boolean {
  const value = values[HONEYPOT_FIELD];
  return value !== undefined && value !== null && value !== '' && value !== false;
}

function readCheckbox(field: FormField, raw: unknown): boolean | { problem: string } {
  let checked: boolean;
  if (raw === undefined || raw === null) checked = false;
  else if (typeof raw === 'boolean') checked = raw;
  else if (typeof raw === 'string' && CHECKED.has(raw.trim().toLowerCase())) checked = true;
  else if (typeof raw === 'string' && UNCHECKED.has(raw.trim().toLowerCase())) checked = false;
  else return { problem: `"${field.label}" must be checked or unchecked (true or false).` };
  if (field.required && !checked) return { problem: `"${field.label}" must be checked.` };
  return checked;
}

function readText(field: FormField, raw: unknown): string | { problem: string } {
  if (raw !== undefined && raw !== null && typeof raw !== 'string') return { problem: `"${field.label}" must be text.` };
  const value = (raw ?? '').trim();
  if (!value) return field.required ? { problem: `"${field.label}" is required.` } : '';

  const max = FORM_LIMITS.value[field.type as keyof typeof FORM_LIMITS.value];
  if (value.length > max) return { problem: `"${field.label}" is too long (at most ${max} characters).` };
  if (field.type === 'email' && !EMAIL.test(value)) return { problem: `"${field.label}" must be an email address.` };
  if (field.type === 'select' && !field.options.includes(value)) return { problem: `"${field.label}" must be one of the listed options.` };
  return value;
}
