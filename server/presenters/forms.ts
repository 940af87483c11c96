import type { Form, FormSubmission } from '../db/schema.js';
import type { FormField, SubmittedField } from '../../shared/schemas/forms.js';
import type { FormWithCount } from '../commands/forms.js';
import { iso } from './accounts.js';

const presentField = (field: FormField): FormField => ({
  name: field.name,
  label: field.label,
  type: field.type,
  required: field.required,
  options: [...field.options],
});

/** Owner-facing form. */
export function presentForm({ form, fields, submissionCount }: FormWithCount) {
  return {
    id: form.id,
    name: form.name,
    fields: fields.map(presentField),
    submissionCount,
    createdAt: iso(form.created_at),
    updatedAt: iso(form.updated_at),
  };
}

/** Visitor-facing form: just what is needed to render it (no counts, no timestamps). */
export function presentPublicForm(form: Form) {
  const fields = JSON.parse(form.fields) as FormField[];
  return { id: form.id, name: form.name, fields: fields.map(presentField) };
}

/** Visitor-facing receipt of a submission. */
export function presentSubmissionReceipt(submission: Pick<FormSubmission, 'id'>) {
  return { id: submission.id };
}

/** Owner-facing submission (list item, detail, and the `submission.created` event). */
export function presentSubmission(submission: FormSubmission) {
  const fields = JSON.parse(submission.fields) as SubmittedField[];
  return {
    id: submission.id,
    formId: submission.form_id,
    formName: submission.form_name,
    visitor: { name: submission.visitor_name, email: submission.visitor_email },
    fields: fields.map((field) => ({ name: field.name, label: field.label, type: field.type, value: field.value })),
    pageUrl: submission.page_url,
    country: submission.country,
    createdAt: iso(submission.created_at),
  };
}
