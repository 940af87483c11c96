import { Type, type Static } from '@sinclair/typebox';
import { Nullable, StringEnum, Timestamp } from './common.js';

export const TICKET_ACTIVITY_KINDS = [
  'created', 'status_changed', 'assignee_changed', 'tags_changed', 'title_changed', 'notes_edited', 'attachment_added', 'attachment_removed',
  'priority_changed', 'due_changed', 'visibility_changed', 'bulk_updated',
] as const;
export type TicketActivityKind = (typeof TICKET_ACTIVITY_KINDS)[number];

export const TicketActivity = Type.Object({
  id: Type.String(),
  kind: StringEnum(TICKET_ACTIVITY_KINDS),
  actor: Nullable(Type.Object({ id: Type.String(), name: Type.String() }), {
    description: 'Who made the change; null when nobody did directly (or the account is gone).',
  }),
  data: Type.Object({}, {
    additionalProperties: true,
    description: 'created: { source: { type, id } } · status_changed / title_changed: { from, to } · '
      + 'assignee_changed: { from: { id, name } | null, to: { id, name } | null, reason? } · '
      + 'tags_changed: { added: [name], removed: [name], reason? } · notes_edited: {} (never the text) · '
      + 'attachment_added / attachment_removed: { attachmentId, filename } · '
      + 'priority_changed: { from, to } · due_changed: { from, to } (ISO or null) · visibility_changed: { to } (visibleToVisitor) · '
      + 'bulk_updated: { status?, assigneeId?, priority?: { from, to }, tags?: { added, removed } } (one entry per ticket of a bulk change)',
  }),
  createdAt: Timestamp,
});
export type TicketActivity = Static<typeof TicketActivity>;
