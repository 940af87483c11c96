import { FORM_LIMITS, HONEYPOT_FIELD } from '../constants.js';
import type { FormField, SubmittedField } from '../schemas/forms.js';

export interface SubmissionProblem {
  /** The field name (or the unknown name that was sent). */
  field: string;
  message: string;
}

/**
 * The sentence for each kind of problem. The server answers in English; the widget passes its
 * visitor's language (widget/src/locales.ts), so both apply the same rules.
 */
export interface ProblemTexts {
  unknownField(name: string): string;
  notBoolean(label: string): string;
  notChecked(label: string): string;
  notText(label: string): string;
  required(label: string): string;
  tooLong(label: string, max: number): string;
  notEmail(label: string): string;
  notOption(label: string): string;
}

export const ENGLISH_PROBLEMS: ProblemTexts = {
  unknownField: (name) => `"${name}" is not a field of this form.`,
  notBoolean: (label) => `"${label}" must be checked or unchecked (true or false).`,
  notChecked: (label) => `"${label}" must be checked.`,
  notText: (label) => `"${label}" must be text.`,
  required: (label) => `"${label}" is required.`,
  tooLong: (label, max) => `"${label}" is too long (at most ${max} characters).`,
  notEmail: (label) => `"${label}" must be an email address.`,
  notOption: (label) => `"${label}" must be one of the listed options.`,
};

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
export function validateSubmission(definition: FormField[], values: Record<string, unknown>, texts: ProblemTexts = ENGLISH_PROBLEMS): SubmissionCheck {
  const problems: SubmissionProblem[] = [];
  const known = new Set(definition.map((field) => field.name));
  for (const name of Object.keys(values)) {
    if (!known.has(name) && name !== HONEYPOT_FIELD) {
      problems.push({ field: name.slice(0, 64), message: texts.unknownField(name.slice(0, 64)) });
    }
  }

  const fields: SubmittedField[] = [];
  for (const field of definition) {
    const raw = Object.hasOwn(values, field.name) ? values[field.name] : undefined;
    const result = field.type === 'checkbox' ? readCheckbox(field, raw, texts) : readText(field, raw, texts);
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

function readCheckbox(field: FormField, raw: unknown, texts: ProblemTexts): boolean | { problem: string } {
  let checked: boolean;
  if (raw === undefined || raw === null) checked = false;
  else if (typeof raw === 'boolean') checked = raw;
  else if (typeof raw === 'string' && CHECKED.has(raw.trim().toLowerCase())) checked = true;
  else if (typeof raw === 'string' && UNCHECKED.has(raw.trim().toLowerCase())) checked = false;
  else return { problem: texts.notBoolean(field.label) };
  if (field.required && !checked) return { problem: texts.notChecked(field.label) };
  return checked;
}

function readText(field: FormField, raw: unknown, texts: ProblemTexts): string | { problem: string } {
  if (raw !== undefined && raw !== null && typeof raw !== 'string') return { problem: texts.notText(field.label) };
  const value = (raw ?? '').trim();
  if (!value) return field.required ? { problem: texts.required(field.label) } : '';

  const max = FORM_LIMITS.value[field.type as keyof typeof FORM_LIMITS.value];
  if (value.length > max) return { problem: texts.tooLong(field.label, max) };
  if (field.type === 'email' && !EMAIL.test(value)) return { problem: texts.notEmail(field.label) };
  if (field.type === 'select' && !field.options.includes(value)) return { problem: texts.notOption(field.label) };
  return value;
}
