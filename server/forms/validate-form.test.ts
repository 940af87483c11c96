import { describe, expect, it } from 'vitest';
import { normalizeFormFields } from './validate-form.js';
import { AppError } from '../errors.js';

describe('normalizeFormFields', () => {
  const failure = (fields: Parameters<typeof normalizeFormFields>[0]) => {
    try {
      normalizeFormFields(fields);
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      return { status: (error as AppError).statusCode, field: (error as AppError).details?.field };
    }
    throw new Error('expected a failure');
  };

  it('fills defaults and trims labels and options', () => {
    expect(normalizeFormFields([{ name: 'plan', label: ' Plan ', type: 'select', options: [' Free', 'Pro '] }, { name: 'ok', label: 'OK', type: 'checkbox', required: true }]))
      .toEqual([
        { name: 'plan', label: 'Plan', type: 'select', required: false, options: ['Free', 'Pro'] },
        { name: 'ok', label: 'OK', type: 'checkbox', required: true, options: [] },
      ]);
  });

  it('refuses duplicate names (case-insensitively), blank labels, and bad options', () => {
    expect(failure([{ name: 'email', label: 'A', type: 'text' }, { name: 'Email', label: 'B', type: 'email' }])).toEqual({ status: 422, field: 'fields.1.name' });
    expect(failure([{ name: 'a', label: '  ', type: 'text' }])).toEqual({ status: 422, field: 'fields.0.label' });
    expect(failure([{ name: 'a', label: 'A', type: 'select' }])).toEqual({ status: 422, field: 'fields.0.options' });
    expect(failure([{ name: 'a', label: 'A', type: 'select', options: ['x', 'x'] }])).toEqual({ status: 422, field: 'fields.0.options' });
    expect(failure([{ name: 'a', label: 'A', type: 'select', options: [' '] }])).toEqual({ status: 422, field: 'fields.0.options' });
    expect(failure([{ name: 'a', label: 'A', type: 'text', options: ['x'] }])).toEqual({ status: 422, field: 'fields.0.options' });
  });
});
