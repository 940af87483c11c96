import { describe, expect, it } from 'vitest';
import type { FormField } from '../../shared/schemas/forms.js';
import { extractVisitor } from './visitor-identity.js';

describe('extractVisitor', () => {
  const submitted = (values: Record<string, string>, types: Record<string, FormField['type']> = {}) =>
    Object.entries(values).map(([name, value]) => ({ name, label: name, type: types[name] ?? 'text', value }));

  it('takes the first non-empty email-type field and a field named "name"', () => {
    expect(extractVisitor(submitted({ name: 'Ada Lovelace', work: '', home: 'ada@home.example', other: 'x@y.example' }, { work: 'email', home: 'email', other: 'email' })))
      .toEqual({ name: 'Ada Lovelace', email: 'ada@home.example' });
  });

  it('joins first and last name fields in any common spelling', () => {
    expect(extractVisitor(submitted({ first_name: 'Ada', last_name: 'Lovelace' })).name).toBe('Ada Lovelace');
    expect(extractVisitor(submitted({ lastName: 'Lovelace', firstName: 'Ada' })).name).toBe('Ada Lovelace');
    expect(extractVisitor(submitted({ FirstName: 'Ada' })).name).toBe('Ada');
    expect(extractVisitor(submitted({ surname: 'Lovelace' })).name).toBe('Lovelace');
  });

  it('prefers a full name field and answers null when nothing fits', () => {
    expect(extractVisitor(submitted({ first_name: 'A', name: 'Ada L.' })).name).toBe('Ada L.');
    expect(extractVisitor(submitted({ company: 'Acme', email: 'not typed as email' }))).toEqual({ name: null, email: null });
  });
});
