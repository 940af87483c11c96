import type { SubmittedField } from '../../shared/schemas/forms.js';

const FULL_NAME = new Set(['name', 'fullname', 'yourname']);
const FIRST_NAME = new Set(['firstname', 'fname', 'givenname']);
const LAST_NAME = new Set(['lastname', 'lname', 'surname', 'familyname']);

/** "first_name", "firstName" and "FirstName" all compare as "firstname". */
const normalize = (name: string) => name.toLowerCase().replace(/_/g, '');

/**
 * Picks the visitor's name and email out of a submission (stored at submit time so lists and tickets
 * can show who wrote without parsing fields): the first non-empty email-type field; a field named
 * `name` (or full_name, your_name), else first + last name fields (first_name/last_name, firstName/lastName…).
 */
export function extractVisitor(fields: SubmittedField[]): { name: string | null; email: string | null } {
  const texts = fields.filter((field): field is SubmittedField & { value: string } => typeof field.value === 'string' && field.value !== '');
  const email = texts.find((field) => field.type === 'email')?.value ?? null;
  const nameLike = texts.filter((field) => field.type !== 'email');
  const pick = (names: Set<string>) => nameLike.find((field) => names.has(normalize(field.name)))?.value;

  const full = pick(FULL_NAME);
  const joined = [pick(FIRST_NAME), pick(LAST_NAME)].filter(Boolean).join(' ');
  return { name: full ?? (joined || null), email };
}
