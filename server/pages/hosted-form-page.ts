import { FORM_LIMITS, HONEYPOT_FIELD, PAGE_URL_FIELD, REDIRECT_FIELD } from '../../shared/constants.js';
import type { FormField } from '../../shared/schemas/forms.js';
import { escapeHtml as e } from '../forms/html-pages.js';

export interface HostedFormView {
  form: { id: string; name: string; fields: FormField[] };
  siteKey: string;
  /** This server's public origin, e.g. https://chat.example.com (the redirect after posting must be absolute). */
  origin: string;
  /** True after a successful post (`?sent=1`): the thank-you state. */
  sent: boolean;
}

/**
 * The hosted page `/f/{formId}`: the form as plain HTML that works without JavaScript. It posts
 * urlencoded to the public submissions endpoint, which validates and answers 303 back here with
 * `?sent=1` (or its own HTML page listing problems). Browser-side checks come from HTML attributes
 * (required, type=email, maxlength). Everything interpolated is escaped; only the form's name,
 * labels and options are shown, never owner data.
 */
export function renderHostedFormPage({ form, siteKey, origin, sent }: HostedFormView): string {
  const pageUrl = `${origin}/f/${encodeURIComponent(form.id)}`;
  const body = sent
    ? `<p class="sent" role="status">Thank you! Your answers were sent.</p>
      <p><a href="${e(pageUrl)}">Send another response</a></p>`
    : `<form method="post" action="/api/widget/${e(encodeURIComponent(siteKey))}/forms/${e(encodeURIComponent(form.id))}/submissions" accept-charset="utf-8">
      ${form.fields.map(renderField).join('\n      ')}
      <div class="hp" aria-hidden="true"><label for="fm-hp">Leave this field empty</label><input id="fm-hp" name="${HONEYPOT_FIELD}" tabindex="-1" autocomplete="off"></div>
      <input type="hidden" name="${REDIRECT_FIELD}" value="${e(`${pageUrl}?sent=1`)}">
      <input type="hidden" name="${PAGE_URL_FIELD}" value="${e(pageUrl)}">
      <button type="submit">Send</button>
    </form>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(form.name)}</title>
<style>${STYLE}</style>
</head><body><main>
    <h1>${e(form.name)}</h1>
    ${body}
</main></body></html>
`;
}

function renderField(field: FormField): string {
  const id = `fm-${field.name}`;
  const required = field.required ? ' required' : '';
  const mark = field.required ? '<span class="req" aria-hidden="true"> *</span>' : '';
  const label = `<label for="${e(id)}">${e(field.label)}${mark}</label>`;
  const common = `id="${e(id)}" name="${e(field.name)}"${required}`;
  switch (field.type) {
    case 'checkbox':
      return `<div class="field check"><input type="checkbox" ${common} value="on">${label}</div>`;
    case 'select': {
      const options = field.options.map((option) => `<option value="${e(option)}">${e(option)}</option>`).join('');
      return `<div class="field">${label}<select ${common}><option value="">Choose…</option>${options}</select></div>`;
    }
    case 'textarea':
      return `<div class="field">${label}<textarea ${common} rows="5" maxlength="${FORM_LIMITS.value.textarea}"></textarea></div>`;
    case 'email':
      return `<div class="field">${label}<input type="email" ${common} maxlength="${FORM_LIMITS.value.email}" autocomplete="email"></div>`;
    default:
      return `<div class="field">${label}<input type="text" ${common} maxlength="${FORM_LIMITS.value.text}"></div>`;
  }
}

export function renderFormNotFoundPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Form not found</title><style>${STYLE}</style></head><body><main>
    <h1>Form not found</h1>
    <p>This form does not exist, or it has been removed by its owner.</p>
</main></body></html>
`;
}

const STYLE = [
  'body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1f2330;background:#f5f6fa}',
  'main{max-width:34rem;margin:3rem auto;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 1px 4px rgba(0,0,0,.08)}',
  'h1{font-size:1.4rem;margin:0 0 1.25rem}',
  '.field{display:flex;flex-direction:column;gap:.3rem;margin:0 0 1rem}',
  '.check{flex-direction:row;align-items:center;gap:.5rem}',
  'input,select,textarea{font:inherit;padding:.55rem .65rem;border:1px solid #b8bdcc;border-radius:8px}',
  'input[type=checkbox]{width:1.1rem;height:1.1rem;margin:0}',
  'input:focus-visible,select:focus-visible,textarea:focus-visible,button:focus-visible,a:focus-visible{outline:3px solid #5b5bd6;outline-offset:2px}',
  'button{font:inherit;font-weight:600;color:#fff;background:#4f46e5;border:0;border-radius:8px;padding:.65rem 1.4rem;cursor:pointer}',
  '.req{color:#b42318}',
  '.hp{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden}',
  '.sent{font-size:1.1rem}',
  '@media (max-width:480px){main{margin:0;border-radius:0;box-shadow:none;padding:1.25rem}}',
  // Dark when the visitor's system is dark (no script: the page has none); every text pair ≥ 4.5:1.
  ':root{color-scheme:light dark}',
  '@media (prefers-color-scheme:dark){body{color:#e9eaf0;background:#141417}main{background:#1d1f26;box-shadow:none}' +
    'input,select,textarea{background:#14161c;color:#e9eaf0;border-color:#5d6173}.req{color:#ff8a80}' +
    'button{background:#a5a0ff;color:#14141a}a{color:#b4b0ff}input:focus-visible,select:focus-visible,textarea:focus-visible,button:focus-visible,a:focus-visible{outline-color:#a5a0ff}}',
].join('');
