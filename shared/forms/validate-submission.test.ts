import { describe, expect, it } from 'vitest';
import type { FormField } from '../schemas/forms.js';
import { isHoneypotFilled, validateSubmission } from './validate-submission.js';

const field = (name: string, type: FormField['type'], extra: Partial<FormField> = {}): FormField => ({
  name, label: extra.label ?? name.toUpperCase(), type, required: false, options: [], ...extra,
});

const definition: FormField[] = [
  field('name', 'text', { required: true, label: 'Your name' }),
  field('email', 'email', { required: true }),
  field('message', 'textarea'),
  field('plan', 'select', { options: ['Free', 'Pro'] }),
  field('consent', 'checkbox', { required: true }),
  field('newsletter', 'checkbox'),
];
const valid = { name: 'Ada', email: 'ada@example.com', message: 'Hi', plan: 'Pro', consent: true, newsletter: false };

/** The one problem a submission with `changes` has: its field and message. */
function problemOf(changes: Record<string, unknown>, omit: string[] = []) {
  const values: Record<string, unknown> = { ...valid, ...changes };
  for (const name of omit) delete values[name];
  const check = validateSubmission(definition, values);
  if (check.ok) throw new Error('expected a problem');
  expect(check.problems).toHaveLength(1);
  return check.problems[0]!;
}

describe('validateSubmission', () => {
  it('returns every field in form order with its label, type and normalized value', () => {
    const check = validateSubmission(definition, { ...valid, name: '  Ada  ', newsletter: undefined, message: undefined, plan: '' });
    expect(check).toEqual({
      ok: true,
      fields: [
        { name: 'name', label: 'Your name', type: 'text', value: 'Ada' },
        { name: 'email', label: 'EMAIL', type: 'email', value: 'ada@example.com' },
        { name: 'message', label: 'MESSAGE', type: 'textarea', value: '' },
        { name: 'plan', label: 'PLAN', type: 'select', value: '' },
        { name: 'consent', label: 'CONSENT', type: 'checkbox', value: true },
        { name: 'newsletter', label: 'NEWSLETTER', type: 'checkbox', value: false },
      ],
    });
  });

  it('requires required fields, naming them (missing, null, blank)', () => {
    expect(problemOf({}, ['name'])).toEqual({ field: 'name', message: '"Your name" is required.' });
    expect(problemOf({ name: null }).field).toBe('name');
    expect(problemOf({ name: '   ' }).field).toBe('name');
    expect(problemOf({}, ['email']).field).toBe('email');
  });

  it('requires a required checkbox to be checked', () => {
    expect(problemOf({ consent: false })).toEqual({ field: 'consent', message: '"CONSENT" must be checked.' });
    expect(problemOf({}, ['consent']).field).toBe('consent');
  });

  it('accepts checkbox strings from urlencoded posts and refuses other values', () => {
    for (const on of ['on', 'true', 'TRUE', '1']) {
      const check = validateSubmission(definition, { ...valid, newsletter: on });
      expect(check.ok && check.fields.find((f) => f.name === 'newsletter')?.value).toBe(true);
    }
    for (const off of ['', 'off', 'false']) {
      const check = validateSubmission(definition, { ...valid, newsletter: off });
      expect(check.ok && check.fields.find((f) => f.name === 'newsletter')?.value).toBe(false);
    }
    expect(problemOf({ newsletter: 'maybe' }).field).toBe('newsletter');
  });

  it('checks email form, select options and value types', () => {
    expect(problemOf({ email: 'not an email' })).toEqual({ field: 'email', message: '"EMAIL" must be an email address.' });
    expect(problemOf({ email: 'a@b' }).field).toBe('email');
    expect(problemOf({ plan: 'Enterprise' })).toEqual({ field: 'plan', message: '"PLAN" must be one of the listed options.' });
    expect(problemOf({ plan: 'pro' }).field).toBe('plan');
    expect(problemOf({ message: 42 })).toEqual({ field: 'message', message: '"MESSAGE" must be text.' });
    expect(problemOf({ name: true }).field).toBe('name');
  });

  it('enforces the length limits: text 1,000 and textarea 10,000 characters', () => {
    expect(validateSubmission(definition, { ...valid, name: 'x'.repeat(1000), message: 'y'.repeat(10_000) }).ok).toBe(true);
    expect(problemOf({ name: 'x'.repeat(1001) })).toEqual({ field: 'name', message: '"Your name" is too long (at most 1000 characters).' });
    expect(problemOf({ message: 'y'.repeat(10_001) }).field).toBe('message');
  });

  it('rejects unknown fields but allows the honeypot', () => {
    expect(problemOf({ admin: 'yes' })).toEqual({ field: 'admin', message: '"admin" is not a field of this form.' });
    expect(validateSubmission(definition, { ...valid, _hp: '' }).ok).toBe(true);
  });

  it('reports every problem, unknown names first', () => {
    const check = validateSubmission(definition, { extra: 1, email: 'nope' });
    expect(check.ok).toBe(false);
    expect(!check.ok && check.problems.map((p) => p.field)).toEqual(['extra', 'name', 'email', 'consent']);
  });
});

describe('isHoneypotFilled', () => {
  it('is true only for a non-empty honeypot', () => {
    expect(isHoneypotFilled({ _hp: 'http://spam.example' })).toBe(true);
    expect(isHoneypotFilled({ _hp: '' })).toBe(false);
    expect(isHoneypotFilled({ _hp: null })).toBe(false);
    expect(isHoneypotFilled({})).toBe(false);
  });
});
