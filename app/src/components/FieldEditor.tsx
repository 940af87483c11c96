import type { FieldType, FormFieldInput } from '../../../shared/schemas/forms';
import { Icon } from './Icon';
import { useTranslation } from 'react-i18next';

export interface DraftField {
  key: number;
  field: FormFieldInput;
  /** The name follows the label until the owner edits the name itself. */
  autoName: boolean;
  optionsText: string;
}

const TYPES: FieldType[] = ['text', 'email', 'textarea', 'select', 'checkbox'];

/** Field names are identifiers: a letter first, then letters, digits or "_" (at most 64). */
export const FIELD_NAME = /^[a-zA-Z][a-zA-Z0-9_]{0,63}$/;

export function slugify(label: string): string {
  const slug = label.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return (/^[a-z]/.test(slug) ? slug : `field_${slug}`).replace(/_+$/, '').slice(0, 64);
}

interface Props {
  draft: DraftField;
  index: number;
  count: number;
  onChange: (draft: DraftField) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}

export function FieldEditor({ draft, index, count, onChange, onMove, onRemove }: Props) {
  const { t } = useTranslation();
  const { field } = draft;
  const id = `field-${draft.key}`;
  const fieldName = field.label || t('forms.field.fallbackName');
  const set = (changes: Partial<FormFieldInput>, extra: Partial<DraftField> = {}) =>
    onChange({ ...draft, ...extra, field: { ...field, ...changes } });

  return (
    <fieldset className="field-editor">
      <legend className="visually-hidden">{t('forms.field.legend', { number: index + 1 })}</legend>
      <div className="field-grid">
        <label className="field">
          <span className="label">{t('forms.field.label')}</span>
          <input
            id={`${id}-label`}
            value={field.label}
            required
            maxLength={200}
            onChange={(event) => {
              const label = event.target.value;
              set(draft.autoName ? { label, name: slugify(label) } : { label });
            }}
          />
        </label>
        <label className="field">
          <span className="label">{t('forms.field.name')}</span>
          <input
            value={field.name}
            required
            pattern="[a-zA-Z][a-zA-Z0-9_]{0,63}"
            maxLength={64}
            className="code"
            onChange={(event) => set({ name: event.target.value }, { autoName: false })}
          />
        </label>
        <label className="field">
          <span className="label">{t('forms.field.type')}</span>
          <select value={field.type} onChange={(event) => set({ type: event.target.value as FieldType })}>
            {TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`forms.field.types.${type}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={field.required ?? false} onChange={(event) => set({ required: event.target.checked })} />
          {t('forms.field.required')}
        </label>
        <div className="field-tools">
          <button type="button" className="button ghost small icon-button" onClick={() => onMove(-1)} disabled={index === 0} aria-label={t('forms.field.moveUp', { name: fieldName })}>
            ↑
          </button>
          <button type="button" className="button ghost small icon-button" onClick={() => onMove(1)} disabled={index === count - 1} aria-label={t('forms.field.moveDown', { name: fieldName })}>
            ↓
          </button>
          <button type="button" className="button ghost small icon-button" onClick={onRemove} aria-label={t('forms.field.remove', { name: fieldName })}>
            <Icon name="trash" />
          </button>
        </div>
      </div>
      {field.type === 'select' && (
        <label className="field">
          <span className="label">{t('forms.field.options')}</span>
          <textarea rows={3} value={draft.optionsText} onChange={(event) => onChange({ ...draft, optionsText: event.target.value })} />
        </label>
      )}
    </fieldset>
  );
}
