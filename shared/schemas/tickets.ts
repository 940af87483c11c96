import { Type, type Static } from '@sinclair/typebox';
import { Nullable, StringEnum, Timestamp } from './common.js';
import { TagName, TAGS_PER_TICKET_MAX } from './tags.js';

export const TICKET_STATUSES = ['new', 'in_progress', 'closed'] as const;
export const TicketStatus = StringEnum(TICKET_STATUSES);
export type TicketStatus = Static<typeof TicketStatus>;

export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const TicketPriority = StringEnum(TICKET_PRIORITIES);
export type TicketPriority = Static<typeof TicketPriority>;

export const TICKET_SORTS = ['updated', 'created', 'number', 'priority', 'due'] as const;
export const BULK_MAX_IDS = 200;
/** The sort value of a ticket without a due date (9999-12-31T23:59:59.999Z): last when sorting by due ascending. */
export const NO_DUE_DATE = 253402300799999;
export const NOTES_PREVIEW_LENGTH = 200;

export const NOTES_MAX_LENGTH = 100_000;
export const TITLE_MAX_LENGTH = 200;

export const Attachment = Type.Object({
  id: Type.String(),
  filename: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  createdAt: Timestamp,
  url: Type.String(),
  thumbnailUrl: Nullable(Type.String()),
});
export type Attachment = Static<typeof Attachment>;

const NullableString = Nullable(Type.String());

/** The customer's words, copied when the ticket was made (kept when the source is deleted). */
export const TicketTranscript = Type.Union([
  Type.Object({
    messages: Type.Array(Type.Object({
      author: StringEnum(['visitor', 'owner']),
      authorName: NullableString,
      body: Type.String(),
      createdAt: Timestamp,
    })),
  }),
  Type.Object({ fields: Type.Array(Type.Object({ label: Type.String(), value: Type.String() })) }),
]);
export type TicketTranscript = Static<typeof TicketTranscript>;

const TicketSource = Type.Object({
  type: StringEnum(['conversation', 'form_submission']),
  id: Type.String(),
  available: Type.Boolean({ description: 'False once the source conversation/submission is deleted.' }),
});
export type TicketSource = Static<typeof TicketSource>;

/** Search results say why a ticket matched: the field and a snippet with the matched words marked. */
export const TicketMatch = Type.Object({
  field: StringEnum(['number', 'title', 'notes', 'visitor', 'tags', 'attachments', 'transcript']),
  snippet: Type.String({ description: 'Plain text; each matched word is wrapped in [[ and ]]. At most ~160 characters.' }),
});
export type TicketMatch = Static<typeof TicketMatch>;

export const Ticket = Type.Object({
  id: Type.String(),
  number: Type.Integer({ description: 'Per-workspace sequence, shown as #123.' }),
  title: Type.String(),
  status: TicketStatus,
  notes: Type.String({ description: 'Internal, owner-only free text.' }),
  version: Type.Integer({ description: 'Bumped on every change; send it back on PATCH for optimistic concurrency.' }),
  source: Nullable(TicketSource, { description: 'null for a ticket made by hand.' }),
  conversationId: Nullable(Type.String()),
  formSubmissionId: Nullable(Type.String()),
  visitor: Nullable(Type.Object({ name: Nullable(Type.String()), email: Nullable(Type.String()) })),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  closedAt: Nullable(Timestamp),
  assigneeId: Nullable(Type.String(), { description: 'The teammate (or owner) working on it.' }),
  assignee: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  tags: Type.Array(Type.String(), { description: 'Tag names, sorted.' }),
  attachments: Type.Array(Attachment),
  priority: TicketPriority,
  dueAt: Nullable(Timestamp),
  visibleToVisitor: Type.Boolean({ description: 'The visitor of the source conversation sees number, title and status.' }),
  transcript: Type.Union([TicketTranscript, Type.Null()]),
});
export type Ticket = Static<typeof Ticket>;

/** A ticket as listed: `notesPreview` instead of `notes`, never the transcript; `match` with q. */
export const TicketListItem = Type.Object({
  ...Type.Omit(Ticket, ['notes', 'transcript']).properties,
  notesPreview: Type.String({ description: `The first ${NOTES_PREVIEW_LENGTH} characters of the notes.` }),
  match: Type.Optional(TicketMatch),
});
export type TicketListItem = Static<typeof TicketListItem>;

/** A ticket as listed on a conversation or submission. */
export const TicketSummary = Type.Object({ id: Type.String(), number: Type.Integer(), title: Type.String(), status: TicketStatus });
export type TicketSummary = Static<typeof TicketSummary>;

const Title = Type.String({ minLength: 1, maxLength: TITLE_MAX_LENGTH, pattern: '\\S' });

export const CreateTicketBody = Type.Object(
  {
    conversationId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    formSubmissionId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    title: Type.Optional(Title),
    visitor: Type.Optional(Type.Object({
      name: Type.Optional(Type.String({ maxLength: 200 })),
      email: Type.Optional(Type.String({ maxLength: 320, format: 'email' })),
    }, { additionalProperties: false })),
    notes: Type.Optional(Type.String({ maxLength: NOTES_MAX_LENGTH })),
    allowDuplicate: Type.Optional(Type.Boolean({ description: 'Make another ticket from a source that already has one (else 409 ticket_exists).' })),
  },
  {
    description: 'From a source: one of conversationId or formSubmissionId (pre-titled from the visitor unless a title is given). '
      + 'By hand: a title, optional visitor and notes, no source.',
  },
);

export const UpdateTicketBody = Type.Object(
  {
    status: Type.Optional(TicketStatus),
    notes: Type.Optional(Type.String({ maxLength: NOTES_MAX_LENGTH })),
    title: Type.Optional(Title),
    assigneeId: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()], {
      description: 'A member of the workspace (422 otherwise); null unassigns. Moving to in_progress without an assignee assigns the mover.',
    })),
    tags: Type.Optional(Type.Array(TagName, {
      maxItems: TAGS_PER_TICKET_MAX,
      description: `The ticket's full set of tag names (replaces the current one); unknown names create tags; at most ${TAGS_PER_TICKET_MAX}.`,
    })),
    priority: Type.Optional(TicketPriority),
    dueAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'ISO-8601; null clears it.' })),
    visibleToVisitor: Type.Optional(Type.Boolean()),
    version: Type.Optional(Type.Integer({ minimum: 1, description: 'Stale version → 409 with the current ticket.' })),
  },
  { minProperties: 1 },
);

export const BulkTicketsBody = Type.Object({
  ids: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: BULK_MAX_IDS, description: `At most ${BULK_MAX_IDS}.` }),
  set: Type.Object({
    status: Type.Optional(TicketStatus),
    assigneeId: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()])),
    priority: Type.Optional(TicketPriority),
    addTags: Type.Optional(Type.Array(TagName, { maxItems: TAGS_PER_TICKET_MAX })),
    removeTags: Type.Optional(Type.Array(TagName, { maxItems: TAGS_PER_TICKET_MAX })),
  }, { minProperties: 1, additionalProperties: false }),
});

export const TicketListQuery = Type.Object({
  status: Type.Optional(StringEnum(['open', 'new', 'in_progress', 'closed', 'all'], {
    description: 'open (default: new + in_progress), new, in_progress, closed, all. With q the default is all.',
  })),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Full-text search (word prefixes) over title, notes, visitor, tag and attachment names.' })),
  conversationId: Type.Optional(Type.String({ maxLength: 64 })),
  formSubmissionId: Type.Optional(Type.String({ maxLength: 64 })),
  assignee: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: '`me`, `none` (unassigned) or a user id.' })),
  tag: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'A tag name (any case); combinable with status, assignee and q.' })),
  priority: Type.Optional(TicketPriority),
  due: Type.Optional(StringEnum(['overdue', 'today', 'week'], {
    description: 'overdue: past due and not closed; today: due today (UTC); week: due from today (UTC) through the next 6 days.',
  })),
  sort: Type.Optional(StringEnum(TICKET_SORTS, { description: 'Default number. Ignored with q (results by relevance).' })),
  order: Type.Optional(StringEnum(['asc', 'desc'], { description: 'Default desc, except due (asc: soonest first; no due date last).' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
});

/** What a visitor sees of a ticket the team made visible to them. */
export const VisitorTicket = Type.Object({ number: Type.Integer(), title: Type.String(), status: TicketStatus, updatedAt: Timestamp });
export type VisitorTicket = Static<typeof VisitorTicket>;

/** The list's filters without paging: what the CSV export takes. */
export const TicketExportQuery = Type.Omit(TicketListQuery, ['limit', 'cursor']);

export const ReportWindowQuery = Type.Object({
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Window start (default: 12 weeks ago).' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Window end (default: now).' })),
});

export const ResolutionQuery = Type.Object({
  ...ReportWindowQuery.properties,
  groupBy: Type.Optional(StringEnum(['assignee', 'tag'], { description: 'Adds groups: resolution time per assignee or per tag.' })),
});

const NullableSeconds = Nullable(Type.Number());

export const VolumeReport = Type.Object({
  from: Timestamp,
  to: Timestamp,
  weeks: Type.Array(Type.Object({ week: Timestamp, created: Type.Integer(), closed: Type.Integer() }), { description: 'ISO weeks (Monday 00:00 UTC).' }),
});

export const FirstResponseReport = Type.Object({
  from: Timestamp,
  to: Timestamp,
  count: Type.Integer({ description: 'Conversations started in the window that got a teammate reply.' }),
  medianSeconds: NullableSeconds,
  p90Seconds: NullableSeconds,
  byAssignee: Type.Array(Type.Object({
    userId: Nullable(Type.String(), { description: 'The teammate who replied first (null: account deleted).' }),
    name: Type.String(),
    count: Type.Integer(),
    medianSeconds: NullableSeconds,
    p90Seconds: NullableSeconds,
  })),
});

export const ResolutionReport = Type.Object({
  from: Timestamp,
  to: Timestamp,
  count: Type.Integer({ description: 'Tickets closed in the window.' }),
  medianSeconds: Nullable(Type.Number()),
  p90Seconds: Nullable(Type.Number()),
  weeks: Type.Array(Type.Object({
    weekStart: Timestamp,
    count: Type.Integer(),
    medianSeconds: Nullable(Type.Number()),
  })),
  groups: Type.Optional(Type.Array(Type.Object({
    key: Type.String({ description: 'User id or tag id; "none" for unassigned / untagged.' }),
    name: Type.String(),
    count: Type.Integer(),
    medianSeconds: NullableSeconds,
  }), { description: 'With groupBy: largest groups first; a ticket with several tags counts in each.' })),
});

export type VolumeReport = Static<typeof VolumeReport>;
export type FirstResponseReport = Static<typeof FirstResponseReport>;
export type ResolutionReport = Static<typeof ResolutionReport>;
