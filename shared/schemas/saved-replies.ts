import { Type, type Static } from '@sinclair/typebox';
import { Timestamp } from './common.js';

export const SAVED_REPLY_SHORTCUT_PATTERN = '^[A-Za-z0-9_-]{1,32}$';

const Shortcut = Type.String({ minLength: 1, maxLength: 32, pattern: SAVED_REPLY_SHORTCUT_PATTERN, description: 'Letters, digits, _ and -; stored lower-case, unique per workspace.' });
const Title = Type.String({ minLength: 1, maxLength: 100 });
const Body = Type.String({ minLength: 1, maxLength: 5000, description: 'May contain {{visitor.name}} (filled in by the dashboard; "there" when the visitor has no name).' });

export const SavedReply = Type.Object({
  id: Type.String(),
  shortcut: Type.String(),
  title: Type.String(),
  body: Type.String(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const CreateSavedReplyBody = Type.Object({ shortcut: Shortcut, title: Title, body: Body });
export const UpdateSavedReplyBody = Type.Object({ shortcut: Type.Optional(Shortcut), title: Type.Optional(Title), body: Type.Optional(Body) });
export const SavedReplyResponse = Type.Object({ savedReply: SavedReply });
export const SavedReplyList = Type.Object({ items: Type.Array(SavedReply) });

export type SavedReply = Static<typeof SavedReply>;
export type CreateSavedReplyBody = Static<typeof CreateSavedReplyBody>;
