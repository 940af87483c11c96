import type { Db } from '../db/database.js';
import type { Form, FormSubmission } from '../db/schema.js';
import type { Actor } from './accounts.js';
import type { SubmittedField } from '../../shared/schemas/forms.js';
import { notFound } from '../errors.js';
import { newId } from '../lib/ids.js';
import { decodeCursor } from '../lib/cursor.js';
import { toTimePage } from '../lib/time-page.js';
import { extractVisitor } from '../forms/visitor-identity.js';
import { queueAgentNotification } from '../notifications/queue.js';
import { presentSubmission } from '../presenters/forms.js';
import type { CommandContext } from './context.js';
import { afterCommit, recordEvent } from './events.js';

export interface SubmissionMeta {
  pageUrl: string | null;
  country: string | null;
}

/**
 * Stores an already-validated submission with a copy of the form's name and labels, and the visitor's
 * name/email picked out of the fields, with the teammates' pending mail item and its webhook deliveries in one
 * transaction; then the workspace hears `submission.created`.
 */
export async function createSubmission(ctx: CommandContext, form: Form, fields: SubmittedField[], meta: SubmissionMeta): Promise<FormSubmission> {
  const visitor = extractVisitor(fields);
  const submission: FormSubmission = {
    id: newId(),
    owner_id: form.owner_id,
    form_id: form.id,
    form_name: form.name,
    fields: JSON.stringify(fields),
    visitor_name: visitor.name,
    visitor_email: visitor.email,
    page_url: meta.pageUrl,
    country: meta.country,
    created_at: Date.now(),
  };
  const presented = presentSubmission(submission);
  const deliveries = await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('form_submissions').values(submission).execute();
    await queueAgentNotification(trx, { ownerId: form.owner_id, kind: 'new_submission', subjectId: submission.id });
    return recordEvent(trx, form.owner_id, 'submission.created', presented);
  });
  ctx.events.toOwner(form.owner_id, { type: 'submission.created', data: presented });
  afterCommit(ctx, deliveries);
  return submission;
}

/** Newest first, optionally one form's only (also a deleted form's), keyset-paginated. */
export async function listSubmissions(db: Db, actor: Actor, filter: { formId?: string; limit: number; cursor?: string }) {
  const after = decodeCursor(filter.cursor, { t: 'number', id: 'string' });
  let query = db.selectFrom('form_submissions').selectAll().where('owner_id', '=', actor.ownerId);
  if (filter.formId !== undefined) query = query.where('form_id', '=', filter.formId);
  if (after) query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(after.t, after.id)));
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit + 1).execute();
  return toTimePage(rows, filter.limit);
}

export async function findSubmission(db: Db, actor: Actor, id: string): Promise<FormSubmission> {
  const row = await db
    .selectFrom('form_submissions')
    .selectAll()
    .where('owner_id', '=', actor.ownerId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('Submission');
  return row;
}

/**
 * Tickets keep their `formSubmissionId` after this; their source simply becomes unavailable, which the
 * workspace hears (`submission.deleted`): dashboards refetch, and cached ticket lists are dropped.
 */
export async function deleteSubmission(ctx: Pick<CommandContext, 'db' | 'events'>, actor: Actor, id: string): Promise<void> {
  const result = await ctx.db.deleteFrom('form_submissions').where('owner_id', '=', actor.ownerId).where('id', '=', id).executeTakeFirst();
  if (result.numDeletedRows === 0n) throw notFound('Submission');
  ctx.events.toOwner(actor.ownerId, { type: 'submission.deleted', data: { id } });
}

