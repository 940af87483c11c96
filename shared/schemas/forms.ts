import { Type, type Static } from '@sinclair/typebox';
import { Nullable, StringEnum, Timestamp } from './common.js';
import { FIELD_NAME_PATTERN, FIELD_TYPES, FORM_LIMITS } from '../constants.js';
import { TicketStatus } from './tickets.js';

/**
 * Forms: the owner defines ordered fields; visitors submit values for them. Shared by the server,
 * the dashboard (form builder, submissions view) and the widget (rendering and client-side checks).
 */
// Plain constants live in ../constants.ts (no TypeBox) so the widget can bundle them; re-exported here.
export { FIELD_NAME_PATTERN, FIELD_TYPES, FORM_LIMITS, HONEYPOT_FIELD, PAGE_URL_FIELD, REDIRECT_FIELD, type FieldType } from '../constants.js';

export const FieldTypeSchema = StringEnum(FIELD_TYPES);

const FieldName = Type.String({ pattern: FIELD_NAME_PATTERN, description: 'Unique within the form (case-insensitively); letters, digits, "_".' });
const Label = Type.String({ minLength: 1, maxLength: FORM_LIMITS.label });
const Option = Type.String({ minLength: 1, maxLength: FORM_LIMITS.option });

/** A field as the owner sends it. `options` is for select fields only (at least one, unique). */
export const FormFieldInput = Type.Object(
  {
    name: FieldName,
    label: Label,
    type: FieldTypeSchema,
    required: Type.Optional(Type.Boolean({ default: false })),
    options: Type.Optional(Type.Array(Option, { maxItems: FORM_LIMITS.options })),
  },
  { additionalProperties: false },
);
export type FormFieldInput = Static<typeof FormFieldInput>;

/** A field as stored and answered: `required` and `options` always present (`options` empty unless select). */
export const FormField = Type.Object({
  name: Type.String(),
  label: Type.String(),
  type: FieldTypeSchema,
  required: Type.Boolean(),
  options: Type.Array(Type.String()),
});
export type FormField = Static<typeof FormField>;

const FormName = Type.String({ minLength: 1, maxLength: FORM_LIMITS.formName });
const FieldList = Type.Array(FormFieldInput, { minItems: 1, maxItems: FORM_LIMITS.fields });

export const CreateFormBody = Type.Object({ name: FormName, fields: FieldList }, { additionalProperties: false });
export type CreateFormBody = Static<typeof CreateFormBody>;

export const UpdateFormBody = Type.Object(
  { name: Type.Optional(FormName), fields: Type.Optional(FieldList) },
  { additionalProperties: false, minProperties: 1, description: 'Any of name and fields; fields replace the whole list.' },
);
export type UpdateFormBody = Static<typeof UpdateFormBody>;

export const Form = Type.Object({
  id: Type.String(),
  name: Type.String(),
  fields: Type.Array(FormField),
  submissionCount: Type.Integer({ description: 'Submissions currently stored for this form.' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Form = Static<typeof Form>;
export const FormResponse = Type.Object({ form: Form });

/** What a visitor's browser gets to render the form. */
export const PublicFormResponse = Type.Object({
  form: Type.Object({ id: Type.String(), name: Type.String(), fields: Type.Array(FormField) }),
});

export const SiteFormParams = Type.Object({
  siteKey: Type.String({ minLength: 1, maxLength: 64 }),
  formId: Type.String({ minLength: 1, maxLength: 64 }),
});

/**
 * A submitted value: a string, or a boolean for checkboxes ("on"/"true"/"false"… are accepted too).
 * Left untyped in the schema on purpose: schema coercion would turn booleans and numbers into text
 * (or text into booleans) before we see them; the server checks each value against its field instead
 * and answers 422 naming the field.
 */
export const SubmittedValue = Type.Unknown({ description: 'string | boolean | null' });

export const SubmitFormJsonBody = Type.Object(
  {
    fields: Type.Record(Type.String(), SubmittedValue, { description: 'Values by field name; may include the empty honeypot "_hp".' }),
    pageUrl: Type.Optional(Type.String({ maxLength: 4000, description: 'Kept when it is an http(s) URL (else the Referer is used).' })),
  },
  { additionalProperties: false },
);
export type SubmitFormJsonBody = Static<typeof SubmitFormJsonBody>;

export const SubmitFormUrlencodedBody = Type.Record(Type.String(), Type.String(), {
  description:
    'A classic HTML form post: field names as input names, plus optional "_hp" (honeypot), "_page_url" and "_redirect" ' +
    '(an http(s) URL: answered with 303 to it; without it the answer is an HTML thank-you page). ' +
    'A repeated name keeps its last value. Validation problems answer an HTML page with status 422.',
});

export const SubmissionReceipt = Type.Object({ submission: Type.Object({ id: Type.String() }) });

/**
 * A submitted field: an ordered array in form order, each carrying a copy of the label and type from
 * when it was submitted, so a submission stays readable after its form is edited or deleted.
 */
export const SubmittedField = Type.Object({
  name: Type.String(),
  label: Type.String(),
  type: FieldTypeSchema,
  value: Type.Union([Type.String(), Type.Boolean()], { description: 'Boolean for checkboxes; "" for an empty optional field.' }),
});
export type SubmittedField = Static<typeof SubmittedField>;

export const Submission = Type.Object({
  id: Type.String(),
  formId: Type.String(),
  formName: Type.String(),
  visitor: Type.Object({ name: Nullable(Type.String()), email: Nullable(Type.String()) }),
  fields: Type.Array(SubmittedField, { description: 'In form order: [{ name, label, type, value }].' }),
  pageUrl: Nullable(Type.String()),
  country: Nullable(Type.String(), { description: 'ISO 3166-1 alpha-2, from the visitor IP.' }),
  createdAt: Timestamp,
});
export type Submission = Static<typeof Submission>;

export const TicketLink = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  title: Type.String(),
  status: TicketStatus,
});

/** A submission as listed, with the tickets made from it (their numbers shown on the row). */
export const SubmissionListItem = Type.Object({ ...Submission.properties, tickets: Type.Array(TicketLink) });
export type SubmissionListItem = Static<typeof SubmissionListItem>;

export const SubmissionDetailResponse = Type.Object({ submission: Submission, tickets: Type.Array(TicketLink) });
export type SubmissionDetail = Static<typeof SubmissionDetailResponse>;

export const SubmissionListQuery = Type.Object({
  formId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
});
