import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { useConfirm } from '../components/ConfirmDialog';
import { FIELD_NAME, FieldEditor, slugify, type DraftField } from '../components/FieldEditor';
import { Icon } from '../components/Icon';
import { useToast } from '../components/Toasts';
import { CopyField, ErrorNotice, Loading, PageHeader } from '../components/ui';
import { useTitle } from '../hooks';
import { invalidate, queryKeys } from '../query';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import type { Form, FormFieldInput } from '../../../shared/schemas/forms';
import { useTranslation } from 'react-i18next';
import { t } from '../i18n';
import { errorMessage } from '../i18n/errors';

/** A new form's fields, labelled in the dashboard's language (the names stay: they are identifiers). */
const starter = (): FormFieldInput[] => [
  { name: 'name', label: t('forms.starter.name'), type: 'text', required: true },
  { name: 'email', label: t('forms.starter.email'), type: 'email', required: true },
  { name: 'message', label: t('forms.starter.message'), type: 'textarea', required: true },
];

export function FormEditorPage({ formId }: { formId: string | null }) {
  useTranslation();
  useTitle(formId ? t('forms.edit') : t('forms.new'));
  const [name, setName] = useState(formId ? '' : t('forms.starter.formName'));
  const [fields, setFields] = useState<DraftField[] | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const nextKey = useRef(1);
  const [confirmElement, confirm] = useConfirm();
  const toast = useToast();

  const toDrafts = (list: FormFieldInput[]) =>
    list.map((field) => ({
      key: nextKey.current++,
      field,
      autoName: field.name === slugify(field.label),
      optionsText: (field.options ?? []).join('\n'),
    }));

  useEffect(() => {
    if (!formId) {
      setFields(toDrafts(starter()));
      return;
    }
    api.getForm(formId).then(
      (form) => {
        setName(form.name);
        setFields(toDrafts(form.fields));
      },
      (error: ApiError) => setLoadError(error),
    );
  }, [formId]);

  if (loadError) return <div className="page"><ErrorNotice error={loadError} /></div>;
  if (!fields) return <div className="page"><Loading /></div>;

  const addField = () =>
    setFields([...fields, { key: nextKey.current++, field: { name: '', label: '', type: 'text', required: false }, autoName: true, optionsText: '' }]);
  const move = (index: number, delta: -1 | 1) => {
    const next = [...fields];
    const [item] = next.splice(index, 1);
    next.splice(index + delta, 0, item!);
    setFields(next);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const built: FormFieldInput[] = fields.map(({ field, optionsText }) => ({
      name: field.name.trim(),
      label: field.label.trim(),
      type: field.type,
      required: field.required ?? false,
      ...(field.type === 'select' ? { options: optionsText.split('\n').map((o) => o.trim()).filter(Boolean) } : {}),
    }));
    const problem = checkFields(built);
    if (problem) {
      setSaveError(problem);
      return;
    }
    setSaving(true);
    setSaveError(null);
    try {
      const input = { name: name.trim(), fields: built };
      if (formId) {
        await api.updateForm(formId, input);
        invalidate(queryKeys.forms);
        toast(t('forms.saved'));
      } else {
        const created: Form = await api.createForm(input);
        invalidate(queryKeys.forms);
        toast(t('forms.created'));
        navigate(`/forms/${encodeURIComponent(created.id)}`, { replace: true });
      }
    } catch (error) {
      setSaveError(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    if (!formId) return;
    const ok = await confirm({
      title: t('forms.deleteTitle', { name }),
      body: t('forms.deleteBody'),
      confirmLabel: t('forms.delete'),
      danger: true,
    });
    if (!ok) return;
    try {
      await api.deleteForm(formId);
      invalidate(queryKeys.forms);
      toast(t('forms.deleted'));
      navigate('/forms');
    } catch (error) {
      toast(errorMessage(error), 'error');
    }
  };

  return (
    <div className="page narrow">
      <nav className="breadcrumb" aria-label={t('forms.breadcrumb')}>
        <Link to="/forms">{t('nav.forms')}</Link> <span aria-hidden="true">/</span> <span>{formId ? name : t('forms.new')}</span>
      </nav>
      <PageHeader title={formId ? t('forms.edit') : t('forms.new')} />
      <form className="stack" onSubmit={save}>
        <section className="card stack">
          <label className="field">
            <span className="label">{t('forms.name')}</span>
            <input value={name} onChange={(event) => setName(event.target.value)} required maxLength={200} />
          </label>
        </section>
        <section className="card stack" aria-labelledby="fields-title">
          <h2 id="fields-title">{t('forms.columns.fields')}</h2>
          {fields.map((draft, index) => (
            <FieldEditor
              key={draft.key}
              draft={draft}
              index={index}
              count={fields.length}
              onChange={(next) => setFields(fields.map((d) => (d.key === draft.key ? next : d)))}
              onMove={(delta) => move(index, delta)}
              onRemove={() => setFields(fields.filter((d) => d.key !== draft.key))}
            />
          ))}
          <div>
            <button type="button" className="button small" onClick={addField}>
              <Icon name="plus" />
              {t('forms.addField')}
            </button>
          </div>
        </section>
        {saveError && <p className="form-error" role="alert">{saveError}</p>}
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={saving}>
            {saving ? t('common.saving') : formId ? t('forms.save') : t('forms.create')}
          </button>
          {formId && (
            <button type="button" className="button danger-ghost" onClick={remove}>
              {t('forms.delete')}
            </button>
          )}
        </div>
      </form>
      {formId && <EmbedPanel formId={formId} />}
      {confirmElement}
    </div>
  );
}

function checkFields(fields: FormFieldInput[]): string | null {
  if (fields.length === 0) return t('forms.problem.noField');
  const names = new Set<string>();
  for (const field of fields) {
    if (!field.label) return t('forms.problem.label');
    if (!FIELD_NAME.test(field.name)) return t('forms.problem.name', { label: field.label });
    if (names.has(field.name.toLowerCase())) return t('forms.problem.duplicate', { name: field.name });
    if (field.type === 'select' && !field.options?.length) return t('forms.problem.options', { label: field.label });
    names.add(field.name.toLowerCase());
  }
  return null;
}

function EmbedPanel({ formId }: { formId: string }) {
  const { me } = useSession();
  const origin = window.location.origin;
  const snippet = `<script src="${origin}/widget.js" data-site="${me.site.key}" async></script>\n<div data-floatmessage-form="${formId}"></div>`;
  const hosted = `${origin}/f/${formId}`;
  return (
    <section className="card stack" aria-labelledby="embed-title">
      <h2 id="embed-title">{t('forms.embed.title')}</h2>
      <CopyField label={t('forms.embed.snippet')} value={snippet} multiline />
      <CopyField label={t('forms.embed.hosted')} value={hosted} />
      <p className="small">
        <a href={hosted} target="_blank" rel="noopener">
          {t('forms.embed.open')} <Icon name="external" size={12} />
        </a>
      </p>
    </section>
  );
}
