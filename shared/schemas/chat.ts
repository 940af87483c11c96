import { Type, type Static } from '@sinclair/typebox';
import { Timestamp } from './common.js';
import { MESSAGE_MAX_LENGTH } from '../constants.js';
import { TicketSummary } from './tickets.js';

// Defined in ../constants.ts (no TypeBox, so the widget can bundle it); re-exported for existing imports.
export { MESSAGE_MAX_LENGTH } from '../constants.js';

/** Plain text: stored and returned exactly as sent (no HTML); whitespace-only bodies answer 422. */
export const MessageText = Type.String({ minLength: 1, maxLength: MESSAGE_MAX_LENGTH, description: 'Plain text.' });

export const MessageBody = Type.Object({ body: MessageText });

export const Author = Type.Union([Type.Literal('visitor'), Type.Literal('owner')]);

export const Message = Type.Object({
  id: Type.String(),
  conversationId: Type.String(),
  author: Author,
  body: Type.String(),
  createdAt: Timestamp,
});
export type Message = Static<typeof Message>;

export const Visitor = Type.Object({
  name: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
});

export const ConversationSummary = Type.Object({
  id: Type.String(),
  visitor: Visitor,
  pageUrl: Type.Union([Type.String(), Type.Null()]),
  country: Type.Union([Type.String({ description: 'ISO 3166-1 alpha-2, derived from the visitor IP.' }), Type.Null()]),
  lastMessage: Type.Union([
    Type.Object({
      author: Author,
      body: Type.String({ description: 'The start of the last message (a preview, at most 300 characters).' }),
      createdAt: Timestamp,
    }),
    Type.Null(),
  ]),
  createdAt: Timestamp,
  updatedAt: Type.String({ format: 'date-time', description: 'Last activity (the last message).' }),
});
export type ConversationSummary = Static<typeof ConversationSummary>;

export const ConversationDetail = Type.Object({
  conversation: ConversationSummary,
  messages: Type.Array(Message),
  tickets: Type.Array(TicketSummary, { description: 'Tickets made from this conversation, oldest first.' }),
});

export const MessageResponse = Type.Object({ message: Message });

// ---- Visitor side ----

export const SiteKeyParams = Type.Object({ siteKey: Type.String({ minLength: 1, maxLength: 100 }) });

export const StartConversationBody = Type.Object({
  visitor: Type.Optional(
    Type.Object({
      name: Type.Optional(Type.String({ maxLength: 100 })),
      email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
    }),
  ),
  pageUrl: Type.Optional(Type.String({ maxLength: 2000, format: 'uri', pattern: '^[Hh][Tt][Tt][Pp][Ss]?://' })),
  message: MessageBody,
});

export const StartedConversation = Type.Object({
  conversation: Type.Object({ id: Type.String() }),
  visitorToken: Type.String({ description: 'Grants access to this conversation only; shown once, send it as X-Visitor-Token.' }),
  message: Message,
});

export const VisitorTokenHeaders = Type.Object({
  'x-visitor-token': Type.Optional(Type.String({ description: 'The visitorToken returned when the conversation started.' })),
});

export const VisitorSocketQuery = Type.Object({
  token: Type.Optional(Type.String({ description: 'The visitorToken of this conversation.' })),
});

export const MessageList = Type.Object({ items: Type.Array(Message) });
