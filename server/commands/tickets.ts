import { sql } from 'kysely';
import { isForeignKeyViolation, lockedForUpdate, type Db } from '../db/database.js';
import type { Ticket as TicketBody, TicketPriority, TicketTranscript } from '../../shared/schemas/tickets.js';
import type { Ticket, TicketAttachment, TicketStatus } from '../db/schema.js';
import { indexTicket, postgresSearchVector, unindexTicket, type SearchDocument } from '../db/search.js';
import { AppError, notFound, unprocessable } from '../errors.js';
import { newId } from '../lib/ids.js';
import { isoOrNull } from '../presenters/accounts.js';
import { presentTicket, priorityName, priorityRank } from '../presenters/tickets.js';
import type { Actor } from './accounts.js';
import { attachmentObjectKeys, removeObjects } from './attachment-objects.js';
import type { CommandContext } from './context.js';
import { normalizeTagName, normalizeTagNames, setTicketTags, sortTagNames } from './tags.js';
import { publishVisitorStatus } from './ticket-visitor.js';
import { recordTicketActivities, ticketActivityRows, type TicketActivityEntry } from './ticket-activity.js';
import { copyChatFiles, discardCopies, NO_COPIES, type ChatFileCopies } from './ticket-chat-files.js';
import { listTicketsOfSource } from './list-tickets.js';
import { deriveTicketTitle } from './ticket-title.js';
import { submissionTranscript, transcriptOfMessages, transcriptText } from './ticket-transcript.js';
import { selectConversationForTicket, type ConversationForTicket } from '../db/ticket-source-query.js';
import { insertTicketPostgres } from '../db/ticket-insert.js';
import { loadTicketView, viewSearchDocument, type TicketView } from './ticket-views.js';
import { queueTicketStatusMail } from './visitor-mail-queue.js';
import { queueAgentNotification } from '../notifications/queue.js';
import { afterCommit, recordEvent } from './events.js';
import { subscribedWebhooksColumn, webhookIdsOf } from '../webhooks/record.js';
import { publishTicketEvents, recordTicketViewEvents, type TicketEvents } from './ticket-events.js';

type NewTicketSource =
  | { type: 'conversation'; id: string; visitorName: string | null; visitorEmail: string | null }
  | { type: 'form_submission'; id: string; visitorName: string | null; visitorEmail: string | null };

/** 409 `ticket_exists`: the source already has a ticket (the newest one is sent back, next to the error). */
export class TicketExists extends AppError {
  constructor(readonly ticket: TicketBody) {
    super(409, 'ticket_exists', `Ticket #${ticket.number} was already made from this.`);
  }
}

export interface CreateFromSourceOptions {
  title?: string;
  /** Make another ticket even when the source already has one. */
  allowDuplicate?: boolean;
}

/**
 * Promotes a conversation of the actor's workspace into a ticket (deliberately; never automatic).
 * Chat files are copied outside the transaction (storage I/O never holds the lock). Most conversations
 * have none, and the transaction's one read says so; when it finds files not copied yet, they are
 * copied and the transaction runs again (compared by id, so a file sent meanwhile is not missed).
 */
export async function createTicketFromConversation(ctx: CommandContext, actor: Actor, conversationId: string, options: CreateFromSourceOptions = {}) {
  let copies = NO_COPIES;
  let events: TicketEvents | undefined;
  for (let attempt = 1; !events; attempt++) {
    try {
      events = await ctx.db.transaction().execute(async (trx) => {
        // Locked (PostgreSQL): two "+ Ticket" clicks at once cannot both miss each other's ticket.
        const conversation = await selectConversationForTicket(trx, actor.ownerId, conversationId, { forUpdate: ctx.engine === 'postgres' });
        if (!conversation) throw notFound('Conversation');
        if (!options.allowDuplicate && conversation.newest_ticket_id) throw new TicketExists(await getTicket(trx, actor, conversation.newest_ticket_id));
        const fileIds = conversation.files.map((file) => file.id);
        if (fileIds.join() !== copies.sourceIds.join() && attempt < 3) throw new FilesToCopy(conversation.files);
        const transcript = transcriptOfMessages(conversation.visitor_name, conversation.messages);
        const firstVisitorMessage = transcript.messages.find((message) => message.author === 'visitor');
        const source = { type: 'conversation', id: conversation.id, visitorName: conversation.visitor_name, visitorEmail: conversation.visitor_email } as const;
        const derived = deriveTicketTitle({ ...source, firstMessage: firstVisitorMessage?.body, fallback: 'Conversation' });
        const { ticket, webhookIds } = await insertTicket(ctx, trx, actor, { source, title: options.title ?? derived, transcript, files: copies.files, allowDuplicate: options.allowDuplicate });
        return recordTicketViewEvents(trx, actor.ownerId, [ticket], 'ticket.created', webhookIds);
      });
    } catch (error) {
      await discardCopies(ctx, copies);
      copies = NO_COPIES;
      if (!(error instanceof FilesToCopy)) throw error;
      copies = await copyChatFiles(ctx, actor.ownerId, error.files);
    }
  }
  return publishOne(ctx, events);
}

/** Thrown inside the transaction when the conversation has chat files that were not copied yet. */
class FilesToCopy extends Error {
  constructor(readonly files: ConversationForTicket['files']) {
    super('chat files to copy first');
  }
}

/** Promotes a form submission of the actor's workspace into a ticket, pre-titled with the visitor. */
export async function createTicketFromSubmission(ctx: CommandContext, actor: Actor, submissionId: string, options: CreateFromSourceOptions = {}) {
  const events = await ctx.db.transaction().execute(async (trx) => {
    const submission = await lockedForUpdate(trx
      .selectFrom('form_submissions')
      .select(['id', 'visitor_name', 'visitor_email', 'form_name', 'fields'])
      .where('owner_id', '=', actor.ownerId)
      .where('id', '=', submissionId), ctx.engine)
      .executeTakeFirst();
    if (!submission) throw notFound('Form submission');
    if (!options.allowDuplicate) await refuseDuplicate(trx, actor, { formSubmissionId: submission.id });
    const source = { type: 'form_submission', id: submission.id, visitorName: submission.visitor_name, visitorEmail: submission.visitor_email } as const;
    const derived = deriveTicketTitle({ ...source, fallback: `${submission.form_name} submission` });
    const { ticket, webhookIds } = await insertTicket(ctx, trx, actor, { source, title: options.title ?? derived, transcript: submissionTranscript(submission.fields), allowDuplicate: options.allowDuplicate });
    return recordTicketViewEvents(trx, actor.ownerId, [ticket], 'ticket.created', webhookIds);
  });
  return publishOne(ctx, events);
}

/** A ticket made by hand (a phone call, an email): no source, no transcript. */
export async function createTicketByHand(
  ctx: CommandContext,
  actor: Actor,
  input: { title: string; visitor?: { name?: string; email?: string }; notes?: string },
) {
  const name = input.visitor?.name?.trim() || null;
  const email = input.visitor?.email?.trim() || null;
  const events = await ctx.db.transaction().execute(async (trx) => {
    const { ticket, webhookIds } = await insertTicket(ctx, trx, actor, { source: null, title: input.title, visitorName: name, visitorEmail: email, notes: input.notes ?? '' });
    return recordTicketViewEvents(trx, actor.ownerId, [ticket], 'ticket.created', webhookIds);
  });
  return publishOne(ctx, events);
}

async function refuseDuplicate(trx: Db, actor: Actor, source: { conversationId: string } | { formSubmissionId: string }): Promise<void> {
  const existing = await listTicketsOfSource(trx, actor.ownerId, source);
  const newest = existing.at(-1);
  if (newest) throw new TicketExists(await getTicket(trx, actor, newest.id));
}

interface NewTicket {
  source: NewTicketSource | null;
  title: string;
  transcript?: TicketTranscript;
  visitorName?: string | null;
  visitorEmail?: string | null;
  notes?: string;
  /** Copies of the source conversation's files (their objects are written already). */
  files?: ChatFileCopies['files'];
  /** Make the ticket even when the source has one already. */
  allowDuplicate?: boolean;
}

/**
 * Inserts the ticket with its timeline entry, its files and its search text, and returns its view
 * (nothing is read back) with the webhooks subscribed to `ticket.created`, returned by the insert
 * itself. PostgreSQL: one statement — the entry and the files are data-modifying CTEs and the search
 * vector a column of the row; SQLite: separate statements (no round trips to save).
 */
async function insertTicket(ctx: CommandContext, trx: Db, actor: Actor, input: NewTicket): Promise<{ ticket: TicketView; webhookIds: string[] }> {
  const { source } = input;
  const postgres = ctx.engine === 'postgres';
  // PostgreSQL takes the number inside the insert statement (server/db/ticket-insert.ts).
  const number = postgres ? 0 : await allocateTicketNumber(trx, actor.ownerId);
  const now = Date.now();
  const values = {
    id: newId(),
    owner_id: actor.ownerId,
    number,
    title: input.title,
    status: 'new' as const,
    notes: input.notes ?? '',
    version: 1,
    source_type: source?.type ?? null,
    conversation_id: source?.type === 'conversation' ? source.id : null,
    form_submission_id: source?.type === 'form_submission' ? source.id : null,
    visitor_name: source ? source.visitorName : input.visitorName ?? null,
    visitor_email: source ? source.visitorEmail : input.visitorEmail ?? null,
    created_at: now,
    updated_at: now,
    closed_at: null,
    assignee_id: null,
    transcript: input.transcript ? JSON.stringify(input.transcript) : null,
  };
  const attachments: TicketAttachment[] = (input.files ?? []).map((file) => ({ ...file, id: newId(), ticket_id: values.id }))
    .sort((a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : 1));
  const activity = ticketActivityRows([{
    ownerId: actor.ownerId, ticketId: values.id, actorId: actor.userId, kind: 'created', data: { source: source ? { type: source.type, id: source.id } : null },
  }]);
  const doc: SearchDocument = {
    title: values.title, notes: values.notes, visitorName: values.visitor_name, visitorEmail: values.visitor_email,
    tags: [], filenames: attachments.map((file) => file.filename), transcript: transcriptText(input.transcript ?? null),
  };
  let ticket: Ticket;
  let webhookIds: string[];
  if (postgres) {
    const { number: _number, ...row } = values;
    const guard = input.source && !input.allowDuplicate
      ? input.source.type === 'conversation' ? { conversationId: input.source.id } : { formSubmissionId: input.source.id }
      : null;
    const inserted = await insertTicketPostgres(trx, { row, activity: activity[0]!, files: attachments, search: doc, unlessSourceHasTicket: guard });
    if (!inserted) {
      // Another request made this source's ticket while we waited for the source's lock.
      const newest = (await listTicketsOfSource(trx, actor.ownerId, guard!)).at(-1)!;
      throw new TicketExists(await getTicket(trx, actor, newest.id));
    }
    ({ ticket, webhookIds } = inserted);
  } else {
    const { webhook_ids: ids, ...row } = await trx.insertInto('tickets').values(values).returningAll()
      .returning(subscribedWebhooksColumn('sqlite', 'ticket.created', 'tickets.owner_id').as('webhook_ids')).executeTakeFirstOrThrow();
    ticket = row;
    webhookIds = webhookIdsOf({ webhook_ids: ids });
    await trx.insertInto('ticket_activity').values(activity).execute();
    if (attachments.length) await trx.insertInto('ticket_attachments').values(attachments).execute();
    await indexTicket(trx, ctx.engine, { seq: ticket.seq, ownerId: actor.ownerId }, doc);
  }
  // A new ticket's source was just read (and locked) in this transaction; it has no tags nor assignee yet.
  return { ticket: Object.assign(ticket, { sourceAvailable: source !== null, tags: [], assignee: null, attachments }), webhookIds };
}

/** Next per-owner number; gapless because it rolls back with the transaction that took it. */
async function allocateTicketNumber(trx: Db, ownerId: string): Promise<number> {
  const row = await numberAllocation(trx, ownerId).executeTakeFirstOrThrow();
  return Number(row.last_number);
}

function numberAllocation(db: Pick<Db, 'insertInto'>, ownerId: string) {
  return db
    .insertInto('ticket_counters')
    .values({ owner_id: ownerId, last_number: 1 })
    .onConflict((oc) => oc.column('owner_id').doUpdateSet({ last_number: sql`ticket_counters.last_number + 1` }))
    .returning('last_number');
}

export interface TicketChanges {
  status?: TicketStatus;
  notes?: string;
  title?: string;
  /** A member of the workspace, or null to unassign. */
  assigneeId?: string | null;
  /** The full set of tag names (replaces the current one). */
  tags?: string[];
  priority?: TicketPriority;
  /** ISO-8601, or null to clear. */
  dueAt?: string | null;
  visibleToVisitor?: boolean;
  /** When given, the update applies only if the ticket is still at this version (else 409). */
  version?: number;
}

/**
 * Applies a change with optimistic concurrency: closedAt follows the status, moving a ticket into
 * in_progress without an assignee assigns the mover, tags are set by name (created on the fly), and
 * every real change is appended to the ticket's timeline in the same transaction.
 */
export async function updateTicket(ctx: CommandContext, actor: Actor, ticketId: string, changes: TicketChanges) {
  // Without a version the caller asked for a blind write: losing a race to another write is not a
  // conflict for them, so the change is re-applied on the fresh row (a few times at most).
  for (let attempt = 1; ; attempt++) {
    try {
      return await applyTicketUpdate(ctx, actor, ticketId, changes);
    } catch (error) {
      if (!(error instanceof LostRace)) throw error;
      if (changes.version !== undefined || attempt >= 5) throw await versionConflict(ctx.db, actor, ticketId);
    }
  }
}

/** Thrown inside the transaction when the row changed between our read and our write. */
class LostRace extends Error {}

async function applyTicketUpdate(ctx: CommandContext, actor: Actor, ticketId: string, changes: TicketChanges) {
  const wantedTags = changes.tags === undefined ? undefined : normalizeTagNames(changes.tags);
  const dueAt = changes.dueAt === undefined ? undefined : changes.dueAt === null ? null : parseDueAt(changes.dueAt);
  const result = await ctx.db.transaction().execute(async (trx) => {
    // The row, locked, and everything its view shows, in one round trip: the answer is built from it
    // and the write below, never re-read after the commit.
    const current = await loadTicketView(trx, actor.ownerId, ticketId, { forUpdate: true });
    if (!current) throw notFound('Ticket');
    if (changes.version !== undefined && changes.version !== current.version) throw await versionConflict(trx, actor, current.id);
    const { status, closedAt, assigneeId } = nextWorkflow(current, actor, changes);
    if (assigneeId !== null && assigneeId !== current.assignee_id) await assertWorkspaceMember(ctx, trx, actor.ownerId, assigneeId);
    const next = {
      status,
      closed_at: closedAt,
      notes: changes.notes ?? current.notes,
      title: changes.title ?? current.title,
      assignee_id: assigneeId,
      priority: changes.priority === undefined ? current.priority : priorityRank(changes.priority),
      due_at: dueAt === undefined ? current.due_at : dueAt,
      visible_to_visitor: changes.visibleToVisitor === undefined ? current.visible_to_visitor : Number(changes.visibleToVisitor),
    };
    const fieldsChanged = (Object.keys(next) as (keyof typeof next)[]).some((key) => next[key] !== current[key]);
    // api.md: a PATCH that changes nothing keeps version and updatedAt and tells nobody.
    if (!fieldsChanged && !(wantedTags && tagsWouldChange(current.tags, wantedTags))) return { view: current, changed: false as const };
    const people = await findPeople(trx, current.assignee_id, assigneeId);
    const textChanged = next.notes !== current.notes || next.title !== current.title;
    const values = { ...next, version: current.version + 1, updated_at: Date.now() };
    if (wantedTags) {
      // Tags change: the row first (locked already), then the tags, then the timeline and the index,
      // which both need the tag changes.
      const { updated, webhookIds } = await writeTicketRow(trx, actor, current, values, { entries: [], engine: ctx.engine });
      const tagChanges = await setTicketTags(trx, actor.ownerId, updated.id, wantedTags);
      await recordTicketActivities(trx, describeChanges(actor, current, updated, tagChanges, people));
      const view = completeView(updated, current, people, tagChanges);
      if (textChanged || tagChanges.added.length || tagChanges.removed.length) {
        await indexTicket(trx, ctx.engine, { seq: updated.seq, ownerId: actor.ownerId }, viewSearchDocument(view));
      }
      return { view, changed: true as const, before: current, events: await afterTicketWrite(trx, actor, current, view, webhookIds) };
    }
    // The usual PATCH (status, notes, …): the timeline entries and the search text are known before
    // the write, so on PostgreSQL the row, its search vector and its timeline go in ONE statement.
    const noTags = { added: [], removed: [] };
    const entries = describeChanges(actor, current, { ...current, ...values }, noTags, people);
    const search = textChanged ? viewSearchDocument({ ...current, ...values }) : undefined;
    const { updated, webhookIds } = await writeTicketRow(trx, actor, current, values, { entries, search, engine: ctx.engine });
    const view = completeView(updated, current, people, noTags);
    return { view, changed: true as const, before: current, events: await afterTicketWrite(trx, actor, current, view, webhookIds) };
  }).catch((error: unknown) => {
    // A tag being added was deleted by a concurrent request (PostgreSQL; SQLite serializes writers).
    if (isForeignKeyViolation(error)) throw new AppError(409, 'tag_conflict', 'A tag was deleted meanwhile; try again.');
    throw error;
  });
  if (!result.changed) return presentTicket(result.view);
  const presented = publishOne(ctx, result.events);
  await publishVisitorStatus(ctx, result.before, result.view);
  return presented;
}

/**
 * Inside the update's transaction, after the write: the teammate's assignment mail item, the visitor's
 * status mail (visible tickets), and the webhook deliveries with the presented ticket (`webhookIds`:
 * the subscribers the UPDATE returned).
 */
async function afterTicketWrite(trx: Db, actor: Actor, before: TicketView, after: TicketView, webhookIds: string[]): Promise<TicketEvents> {
  if (after.assignee_id !== null && after.assignee_id !== before.assignee_id && after.assignee_id !== actor.userId) {
    await queueAgentNotification(trx, { ownerId: actor.ownerId, kind: 'ticket_assigned', subjectId: after.id, userId: after.assignee_id });
  }
  await queueTicketStatusMail(trx, before, after);
  return recordTicketViewEvents(trx, actor.ownerId, [after], 'ticket.updated', webhookIds);
}

type TicketValues = Partial<Omit<Ticket, 'seq' | 'id' | 'owner_id'>>;

/**
 * The ticket's UPDATE at the version read, with (PostgreSQL) its timeline entries as a data-modifying
 * CTE and its search vector in the same statement; on SQLite (no round trips to save) the entries and
 * the index are separate statements. A lost race throws LostRace, which rolls the whole transaction back.
 * The UPDATE also returns the webhooks subscribed to `ticket.updated` (no separate lookup).
 */
async function writeTicketRow(
  trx: Db,
  actor: Actor,
  current: Ticket,
  values: TicketValues,
  extra: { entries: TicketActivityEntry[]; search?: SearchDocument; engine: CommandContext['engine'] },
): Promise<{ updated: Ticket; webhookIds: string[] }> {
  const postgres = extra.engine === 'postgres';
  const rows = ticketActivityRows(extra.entries);
  const set = postgres && extra.search ? { ...values, search_vector: postgresSearchVector(extra.search) } as TicketValues : values;
  const hooks = subscribedWebhooksColumn(extra.engine, 'ticket.updated', 'tickets.owner_id').as('webhook_ids');
  const update = (db: Db) => db.updateTable('tickets')
    .set(set)
    .where('id', '=', current.id)
    .where('owner_id', '=', actor.ownerId)
    .where('version', '=', current.version)
    .returningAll()
    .returning(hooks);
  const returned = postgres && rows.length > 0
    ? await trx.with('activity', (db) => db.insertInto('ticket_activity').values(rows)).updateTable('tickets')
      .set(set).where('id', '=', current.id).where('owner_id', '=', actor.ownerId).where('version', '=', current.version)
      .returningAll().returning(hooks).executeTakeFirst()
    : await update(trx).executeTakeFirst();
  // Lost a race between our read and write (PostgreSQL READ COMMITTED); see updateTicket.
  if (!returned) throw new LostRace();
  const { webhook_ids: ids, ...updated } = returned;
  const webhookIds = webhookIdsOf({ webhook_ids: ids });
  if (!postgres && rows.length > 0) await trx.insertInto('ticket_activity').values(rows).execute();
  if (extra.engine === 'sqlite' && extra.search) await indexTicket(trx, 'sqlite', { seq: updated.seq, ownerId: actor.ownerId }, extra.search);
  return { updated, webhookIds };
}

/** The names of the assignees before and after, looked up only when the assignee changes. */
async function findPeople(trx: Db, before: string | null, after: string | null): Promise<{ id: string; name: string }[]> {
  if (before === after) return [];
  const ids = [before, after].filter((id): id is string => id !== null);
  return ids.length ? trx.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute() : [];
}

/** The updated row's view from the one read before the write: source and attachments do not change in a PATCH. */
function completeView(updated: Ticket, current: TicketView, people: { id: string; name: string }[], tags: { added: string[]; removed: string[] }): TicketView {
  const removed = new Set(tags.removed);
  const assignee = updated.assignee_id === current.assignee_id
    ? current.assignee
    : updated.assignee_id === null ? null : { id: updated.assignee_id, name: people.find((user) => user.id === updated.assignee_id)?.name ?? '' };
  return Object.assign(updated, {
    sourceAvailable: current.sourceAvailable,
    tags: tags.added.length || removed.size ? sortTagNames([...current.tags.filter((name) => !removed.has(name)), ...tags.added]) : current.tags,
    assignee,
    attachments: current.attachments,
  });
}

/**
 * Status, closedAt and assignee after a change: closedAt follows the status, and moving a ticket into
 * in_progress without an assignee assigns the mover (shared by PATCH and bulk changes).
 */
export function nextWorkflow(current: Ticket, actor: Actor, changes: { status?: TicketStatus; assigneeId?: string | null }) {
  const status = changes.status ?? current.status;
  const closedAt = status !== 'closed' ? null : current.status === 'closed' ? current.closed_at : Date.now();
  const assigneeId = changes.assigneeId !== undefined
    ? changes.assigneeId
    : status === 'in_progress' && current.status !== 'in_progress' && current.assignee_id === null ? actor.userId : current.assignee_id;
  return { status, closedAt, assigneeId };
}

/** Whether setting these tag names would change the ticket's tags (compared by key, like the tags table). */
function tagsWouldChange(current: string[], wanted: { key: string }[]): boolean {
  const currentKeys = new Set(current.map((name) => normalizeTagName(name).key));
  return currentKeys.size !== wanted.length || wanted.some((tag) => !currentKeys.has(tag.key));
}

/** dueAt arrives as an ISO-8601 date-time (checked by the schema); anything unparseable is a 422. */
function parseDueAt(value: string): number {
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw unprocessable('dueAt must be an ISO-8601 date-time.', 'dueAt');
  return ms;
}

/**
 * An assignee must work in the workspace (its owner or a member); anyone else is a 422, never a leak.
 * On PostgreSQL the membership is share-locked: a concurrent removal of that teammate waits for this
 * change and then unassigns the ticket too, rather than leaving it with someone who is gone.
 */
export async function assertWorkspaceMember(ctx: CommandContext, trx: Db, ownerId: string, userId: string): Promise<void> {
  let query = trx.selectFrom('workspace_members').select('user_id').where('owner_id', '=', ownerId).where('user_id', '=', userId);
  if (ctx.engine === 'postgres') query = query.forShare();
  if (!(await query.executeTakeFirst())) throw unprocessable('The assignee is not a member of this workspace.', 'assigneeId');
}

/** The timeline entries for what actually changed (a PATCH repeating current values records nothing). */
function describeChanges(actor: Actor, before: Ticket, after: Ticket, tags: { added: string[]; removed: string[] }, users: { id: string; name: string }[]): TicketActivityEntry[] {
  const entry = (kind: TicketActivityEntry['kind'], data: Record<string, unknown> = {}): TicketActivityEntry =>
    ({ ownerId: actor.ownerId, ticketId: after.id, actorId: actor.userId, kind, data });
  const entries: TicketActivityEntry[] = [];
  if (before.title !== after.title) entries.push(entry('title_changed', { from: before.title, to: after.title }));
  if (before.status !== after.status) entries.push(entry('status_changed', { from: before.status, to: after.status }));
  if (before.assignee_id !== after.assignee_id) {
    const person = (id: string | null) => (id === null ? null : users.find((user) => user.id === id) ?? { id, name: '' });
    entries.push(entry('assignee_changed', { from: person(before.assignee_id), to: person(after.assignee_id) }));
  }
  if (tags.added.length || tags.removed.length) entries.push(entry('tags_changed', tags));
  if (before.priority !== after.priority) entries.push(entry('priority_changed', { from: priorityName(before.priority), to: priorityName(after.priority) }));
  if (before.due_at !== after.due_at) entries.push(entry('due_changed', { from: isoOrNull(before.due_at), to: isoOrNull(after.due_at) }));
  if (before.visible_to_visitor !== after.visible_to_visitor) entries.push(entry('visibility_changed', { to: after.visible_to_visitor === 1 }));
  if (before.notes !== after.notes) entries.push(entry('notes_edited'));
  return entries;
}

/** 409 carrying the current ticket, so a client can show what changed without losing its own edit. */
async function versionConflict(db: Db, actor: Actor, ticketId: string): Promise<AppError> {
  const current = await getTicket(db, actor, ticketId);
  return new AppError(409, 'version_conflict', 'This ticket was changed by someone else meanwhile.', { ticket: current });
}

/** Deletes a ticket; its attachment rows go with it (cascade), their files right after the commit. */
export async function deleteTicket(ctx: CommandContext, actor: Actor, ticketId: string): Promise<void> {
  const { keys, deliveries } = await ctx.db.transaction().execute(async (trx) => {
    const ticket = await findTicketRow(trx, actor.ownerId, ticketId);
    const keys = await attachmentObjectKeys(trx, actor.ownerId, ticket.id);
    await unindexTicket(trx, ctx.engine, ticket.seq);
    await trx.deleteFrom('tickets').where('id', '=', ticket.id).where('owner_id', '=', actor.ownerId).execute();
    return { keys, deliveries: await recordEvent(trx, actor.ownerId, 'ticket.deleted', { id: ticket.id }) };
  });
  await removeObjects(ctx, keys);
  ctx.events.toOwner(actor.ownerId, { type: 'ticket.deleted', data: { id: ticketId } });
  afterCommit(ctx, deliveries);
}

export async function getTicket(db: Db, actor: Actor, ticketId: string) {
  const view = await loadTicketView(db, actor.ownerId, ticketId);
  if (!view) throw notFound('Ticket');
  return presentTicket(view);
}

async function findTicketRow(db: Db, ownerId: string, ticketId: string, lock?: CommandContext['engine']): Promise<Ticket> {
  const query = db.selectFrom('tickets').selectAll().where('owner_id', '=', ownerId).where('id', '=', ticketId);
  const ticket = await (lock ? lockedForUpdate(query, lock) : query).executeTakeFirst();
  if (!ticket) throw notFound('Ticket');
  return ticket;
}

/** After the commit: publishes one ticket's event (recorded in its transaction) and answers with the ticket. */
export function publishOne(ctx: CommandContext, events: TicketEvents): TicketBody {
  publishTicketEvents(ctx, events);
  return events.tickets[0]!;
}
