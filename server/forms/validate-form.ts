import type { FormField, FormFieldInput } from '../../shared/schemas/forms.js';
import { unprocessable } from '../errors.js';

/**
 * Checks what the schema alone cannot (names unique, select options present and unique, no options on
 * other types) and returns the fields in their stored shape. Throws 422 naming the offending path,
 * e.g. `fields.2.options`. Pure: no I/O.
 */
export function normalizeFormFields(input: FormFieldInput[]): FormField[] {
  const seen = new Set<string>();
  return input.map((field, index) => {
    const at = `fields.${index}`;
    const key = field.name.toLowerCase();
    if (seen.has(key)) throw unprocessable(`Field name "${field.name}" is used twice; names must be unique.`, `${at}.name`);
    seen.add(key);

    const label = field.label.trim();
    if (!label) throw unprocessable(`Field "${field.name}" needs a label.`, `${at}.label`);

    const options = (field.options ?? []).map((option) => option.trim());
    if (field.type === 'select') {
      if (options.length === 0) throw unprocessable(`Select field "${field.name}" needs at least one option.`, `${at}.options`);
      if (options.some((option) => !option)) throw unprocessable(`Select field "${field.name}" has an empty option.`, `${at}.options`);
      if (new Set(options).size !== options.length) throw unprocessable(`Select field "${field.name}" lists an option twice.`, `${at}.options`);
    } else if (options.length > 0) {
      throw unprocessable(`Only select fields take options ("${field.name}" is ${field.type}).`, `${at}.options`);
    }
    return { name: field.name, label, type: field.type, required: field.required ?? false, options };
  });
}

/** Form names are trimmed; an all-blank name is refused. */
export function normalizeFormName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw unprocessable('The form needs a name.', 'name');
  return trimmed;
}
