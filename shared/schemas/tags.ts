import { Type, type Static } from '@sinclair/typebox';
import { Timestamp } from './common.js';

export const TAG_NAME_MAX_LENGTH = 50;
export const TAGS_PER_TICKET_MAX = 20;

export const TagName = Type.String({
  minLength: 1,
  maxLength: 200,
  description: `Trimmed (inner whitespace collapsed), 1–${TAG_NAME_MAX_LENGTH} characters; unique per workspace regardless of case.`,
});

export const Tag = Type.Object({
  id: Type.String(),
  name: Type.String(),
  openCount: Type.Integer({ description: 'Tickets with this tag that are new or in progress.' }),
  closedCount: Type.Integer({ description: 'Closed tickets with this tag.' }),
  createdAt: Timestamp,
});
export type Tag = Static<typeof Tag>;

export const RenameTagBody = Type.Object({ name: TagName });
