import { Type, type Static } from '@sinclair/typebox';
import { StringEnum, Timestamp } from './common.js';

export const TICKET_STATUSES = ['new', 'in_progress', 'closed'] as const;
export const TicketStatus = StringEnum(TICKET_STATUSES);
export type TicketStatus = Static<typeof TicketStatus>;

export const NOTES_MAX_LENGTH = 100_000;
export const TITLE_MAX_LENGTH = 200;

export const Attachment = Type.Object({
  id: Type.String(),
  filename: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  createdAt: Timestamp,
  url: Type.String(),
  thumbnailUrl: Type.Union([Type.String(), Type.Null()]),
});

export const Ticket = Type.Object({
  id: Type.String(),
  number: Type.Integer({ description: 'Per-workspace sequence, shown as #123.' }),
  title: Type.String(),
  status: TicketStatus,
  notes: Type.String({ description: 'Internal, owner-only free text.' }),
  version: Type.Integer({ description: 'Bumped on every change; send it back on PATCH for optimistic concurrency.' }),
  source: Type.Object({
    type: StringEnum(['conversation', 'form_submission']),
    id: Type.String(),
    available: Type.Boolean({ description: 'False once the source conversation/submission is deleted.' }),
  }),
  conversationId: Type.Union([Type.String(), Type.Null()]),
  formSubmissionId: Type.Union([Type.String(), Type.Null()]),
  visitor: Type.Union([Type.Object({ name: Type.Union([Type.String(), Type.Null()]), email: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  closedAt: Type.Union([Timestamp, Type.Null()]),
  attachments: Type.Array(Attachment),
});
export type Ticket = Static<typeof Ticket>;

/** A ticket as listed on a conversation or submission. */
export const TicketSummary = Type.Object({ id: Type.String(), number: Type.Integer(), title: Type.String(), status: TicketStatus });

const Title = Type.String({ minLength: 1, maxLength: TITLE_MAX_LENGTH, pattern: '\\S' });

export const CreateTicketBody = Type.Object(
  {
    conversationId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    formSubmissionId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    title: Type.Optional(Title),
  },
  { description: 'Exactly one of conversationId or formSubmissionId. Without a title the ticket is pre-titled from the visitor.' },
);

export const UpdateTicketBody = Type.Object(
  {
    status: Type.Optional(TicketStatus),
    notes: Type.Optional(Type.String({ maxLength: NOTES_MAX_LENGTH })),
    title: Type.Optional(Title),
    version: Type.Optional(Type.Integer({ minimum: 1, description: 'Stale version → 409 with the current ticket.' })),
  },
  { minProperties: 1 },
);

export const TicketListQuery = Type.Object({
  status: Type.Optional(StringEnum(['open', 'new', 'in_progress', 'closed', 'all'], {
    description: 'open (default: new + in_progress), new, in_progress, closed, all. With q the default is all.',
  })),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Full-text search (word prefixes) over title, notes, visitor and attachment names.' })),
  conversationId: Type.Optional(Type.String({ maxLength: 64 })),
  formSubmissionId: Type.Optional(Type.String({ maxLength: 64 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
});

export const ResolutionQuery = Type.Object({
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Window start (default: 12 weeks ago).' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Window end (default: now).' })),
});

export const ResolutionReport = Type.Object({
  from: Timestamp,
  to: Timestamp,
  count: Type.Integer({ description: 'Tickets closed in the window.' }),
  medianSeconds: Type.Union([Type.Number(), Type.Null()]),
  p90Seconds: Type.Union([Type.Number(), Type.Null()]),
  weeks: Type.Array(Type.Object({
    weekStart: Timestamp,
    count: Type.Integer(),
    medianSeconds: Type.Union([Type.Number(), Type.Null()]),
  })),
});
