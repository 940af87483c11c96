import { FORM_LIMITS, HONEYPOT_FIELD } from '../../shared/constants.js';
import { validateSubmission, type ProblemTexts, type SubmissionProblem } from '../../shared/forms/validate-submission.js';
import type { FormField } from '../../shared/schemas/forms.js';
import { ApiError, type Api, type PublicForm } from './api.js';
import { pageUrlOf } from './config.js';
import { adoptStyles, h } from './dom.js';
import { currentLocale, t } from './i18n.js';
import { FORM_CSS } from './styles.js';

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/**
 * Renders `<div data-floatmessage-form="FORM_ID">` as the owner's form (in Shadow DOM; the owner can
 * style it through ::part(form), ::part(title), ::part(button)). Values are checked before sending
 * with the server's own rules (the shared validateSubmission), and a 422 from the server is shown
 * per field the same way.
 */
export function mountForm(element: HTMLElement, api: Api, siteKey: string): void {
  const formId = element.getAttribute('data-floatmessage-form')?.trim();
  if (!formId || element.shadowRoot) return;
  let root: ShadowRoot;
  try {
    root = element.attachShadow({ mode: 'open' });
  } catch {
    console.warn('FloatMessage: put data-floatmessage-form on a <div>.');
    return;
  }
  adoptStyles(root, FORM_CSS);
  const note = h('p', { class: 'note', role: 'status' }, t('formLoading'));
  root.append(note);
  api.getForm(siteKey, formId).then(
    (form) => note.replaceWith(buildForm(form, api, siteKey)),
    (error: ApiError) => {
      note.textContent = t(error.status === 404 ? 'formMissing' : 'formLoadFailed');
    },
  );
}

function buildForm(definition: PublicForm, api: Api, siteKey: string): HTMLFormElement {
  const controls = new Map<string, { input: Control; error: HTMLElement }>();
  const rows = definition.fields.map((field) => {
    const input = buildControl(field);
    const error = h('p', { class: 'err', id: `f-${field.name}-error`, hidden: true });
    input.addEventListener('input', () => showProblem(input, error, null));
    controls.set(field.name, { input, error });
    const label = h('label', { for: input.id }, field.label, field.required && h('span', { class: 'req', 'aria-hidden': 'true' }, ' *'));
    return field.type === 'checkbox' ? h('div', { class: 'field check' }, input, label, error) : h('div', { class: 'field' }, label, input, error);
  });
  // Honeypot: invisible, unreachable by keyboard, hidden from screen readers; bots fill it in.
  const honeypot = h('input', { id: 'f-hp', name: HONEYPOT_FIELD, tabindex: -1, autocomplete: 'off' });
  const general = h('p', { class: 'general', role: 'alert' });
  const button = h('button', { type: 'submit', part: 'button' }, t('send'));
  const form = h('form', { novalidate: true, part: 'form', lang: currentLocale().tag },
    h('fieldset', {}, h('legend', { part: 'title' }, definition.name), ...rows,
      h('div', { class: 'hp', 'aria-hidden': 'true' }, h('label', { for: 'f-hp' }, t('formHoneypot')), honeypot)),
    general, button);

  const showProblems = (problems: SubmissionProblem[]) => {
    let first: Control | null = null;
    for (const [name, { input, error }] of controls) {
      const problem = problems.find((p) => p.field === name);
      showProblem(input, error, problem?.message ?? null);
      if (problem && !first) first = input;
    }
    general.textContent = problems.filter((p) => !controls.has(p.field)).map((p) => p.message).join(' ');
    first?.focus();
  };

  let busy = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    const values: Record<string, unknown> = { [HONEYPOT_FIELD]: honeypot.value };
    for (const field of definition.fields) {
      const { input } = controls.get(field.name)!;
      values[field.name] = field.type === 'checkbox' ? (input as HTMLInputElement).checked : input.value;
    }
    general.textContent = '';
    const check = validateSubmission(definition.fields, values, PROBLEM_TEXTS);
    if (!check.ok) return showProblems(check.problems);
    showProblems([]);

    busy = true;
    button.disabled = true;
    button.textContent = t('sending');
    try {
      await api.submitForm(siteKey, definition.id, values, pageUrlOf(location.href));
      const done = h('p', { class: 'done', role: 'status', tabindex: -1, lang: currentLocale().tag }, t('formSent'));
      form.replaceWith(done);
      done.focus();
    } catch (error) {
      const failure = error instanceof ApiError ? error : new ApiError(0, 'network', String(error));
      if (failure.status === 422 && failure.problems.length > 0) showProblems(failure.problems);
      else general.textContent = describeFailure(failure);
    } finally {
      busy = false;
      button.disabled = false;
      button.textContent = t('send');
    }
  });
  return form;
}

function buildControl(field: FormField): Control {
  const common = { id: `f-${field.name}`, name: field.name, required: field.required };
  switch (field.type) {
    case 'textarea':
      return h('textarea', { ...common, rows: 4, maxlength: FORM_LIMITS.value.textarea });
    case 'select':
      return h('select', common, h('option', { value: '' }, t('formChoose')), ...field.options.map((option) => h('option', { value: option }, option)));
    case 'checkbox':
      return h('input', { ...common, type: 'checkbox' });
    case 'email':
      return h('input', { ...common, type: 'email', autocomplete: 'email', maxlength: FORM_LIMITS.value.email });
    default:
      return h('input', { ...common, type: 'text', maxlength: FORM_LIMITS.value.text });
  }
}

function showProblem(input: Control, error: HTMLElement, message: string | null): void {
  error.textContent = message ?? '';
  error.hidden = message === null;
  if (message === null) {
    input.removeAttribute('aria-invalid');
    input.removeAttribute('aria-describedby');
  } else {
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', error.id);
  }
}

function describeFailure(failure: ApiError): string {
  if (failure.status === 0) return t('formOffline');
  if (failure.status === 429) return t('formRate');
  if (failure.status === 404) return t('formGone');
  return t('formFailed', { reason: failure.message });
}

/** The shared rules' sentences in the visitor's language (a 422 from the server still says them in English). */
const PROBLEM_TEXTS: ProblemTexts = {
  unknownField: (name) => t('vUnknown', { name }),
  notBoolean: (label) => t('vBoolean', { label }),
  notChecked: (label) => t('vChecked', { label }),
  notText: (label) => t('vText', { label }),
  required: (label) => t('vRequired', { label }),
  tooLong: (label, max) => t('vTooLong', { label, max }),
  notEmail: (label) => t('vEmail', { label }),
  notOption: (label) => t('vOption', { label }),
};
