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

const STARTER: FormFieldInput[] = [
  { name: 'name', label: 'Name', type: 'text', required: true },
  { name: 'email', label: 'Email', type: 'email', required: true },
  { name: 'message', label: 'Message', type: 'textarea', required: true },
];

export function FormEditorPage({ formId }: { formId: string | null }) {
  useTitle(formId ? 'Edit form' : 'New form');
  const [name, setName] = useState(formId ? '' : 'Contact form');
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
      setFields(toDrafts(STARTER));
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
        toast('Form saved');
      } else {
        const created: Form = await api.createForm(input);
        invalidate(queryKeys.forms);
        toast('Form created');
        navigate(`/forms/${encodeURIComponent(created.id)}`, { replace: true });
      }
    } catch (error) {
      setSaveError((error as Error).message);
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    if (!formId) return;
    const ok = await confirm({
      title: `Delete “${name}”?`,
      body: 'The form stops accepting submissions. Submissions already received stay.',
      confirmLabel: 'Delete form',
      danger: true,
    });
    if (!ok) return;
    try {
      await api.deleteForm(formId);
      invalidate(queryKeys.forms);
      toast('Form deleted');
      navigate('/forms');
    } catch (error) {
      toast((error as Error).message, 'error');
    }
  };

  return (
    <div className="page narrow">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to="/forms">Forms</Link> <span aria-hidden="true">/</span> <span>{formId ? name : 'New form'}</span>
      </nav>
      <PageHeader title={formId ? 'Edit form' : 'New form'} />
      <form className="stack" onSubmit={save}>
        <section className="card stack">
          <label className="field">
            <span className="label">Form name</span>
            <input value={name} onChange={(event) => setName(event.target.value)} required maxLength={200} />
          </label>
        </section>
        <section className="card stack" aria-labelledby="fields-title">
          <h2 id="fields-title">Fields</h2>
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
              Add field
            </button>
          </div>
        </section>
        {saveError && <p className="form-error" role="alert">{saveError}</p>}
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={saving}>
            {saving ? 'Saving…' : formId ? 'Save form' : 'Create form'}
          </button>
          {formId && (
            <button type="button" className="button danger-ghost" onClick={remove}>
              Delete form
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
  if (fields.length === 0) return 'Add at least one field.';
  const names = new Set<string>();
  for (const field of fields) {
    if (!field.label) return 'Every field needs a label.';
    if (!FIELD_NAME.test(field.name)) return `Field “${field.label}” needs a name that starts with a letter and has only letters, digits or _.`;
    if (names.has(field.name.toLowerCase())) return `Two fields are named “${field.name}”; names must be unique.`;
    if (field.type === 'select' && !field.options?.length) return `The dropdown “${field.label}” needs at least one option.`;
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
      <h2 id="embed-title">Put it on your site</h2>
      <CopyField label="Embed snippet" value={snippet} multiline />
      <CopyField label="Hosted link" value={hosted} />
      <p className="small">
        <a href={hosted} target="_blank" rel="noopener">
          Open the hosted form <Icon name="external" size={12} />
        </a>
      </p>
    </section>
  );
}
