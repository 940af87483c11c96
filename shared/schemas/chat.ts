import { Type, type SchemaOptions, type Static, type TObject } from '@sinclair/typebox';
import { StringEnum, Timestamp } from './common.js';
import { MESSAGE_MAX_LENGTH } from '../constants.js';
import { Attachment, TicketSummary } from './tickets.js';

// Defined in ../constants.ts (no TypeBox, so the widget can bundle it); re-exported for existing imports.
export { MESSAGE_MAX_LENGTH } from '../constants.js';

/** Plain text: stored and returned exactly as sent (no HTML); whitespace-only bodies answer 422. */
export const MessageText = Type.String({ minLength: 1, maxLength: MESSAGE_MAX_LENGTH, description: 'Plain text.' });

export const MessageBody = Type.Object({ body: MessageText });

export const Author = StringEnum(['visitor', 'owner']);
export type Author = Static<typeof Author>;

/*
 * Response-side nullables are written as JSON Schema type arrays (`["string", "null"]`), not anyOf:
 * the response serializer picks an anyOf branch by running a validator on every value, which on the
 * inbox (50 rows × a dozen nullable fields) was a noticeable share of the request.
 */
const NullableString = (options: SchemaOptions = {}) => Type.Unsafe<string | null>({ type: ['string', 'null'], ...options });
const NullableObject = <T extends TObject>(schema: T, options: SchemaOptions = {}) =>
  Type.Unsafe<Static<T> | null>({ type: ['object', 'null'], properties: schema.properties, required: schema.required, ...options });

export const UserRef = Type.Object({ id: Type.String(), name: Type.String() });
export type UserRef = Static<typeof UserRef>;

/** Owner-side message. A message that only carries a file has body "". */
export const Message = Type.Object({
  id: Type.String(),
  conversationId: Type.String(),
  author: Author,
  authorUser: NullableObject(UserRef, { description: 'The teammate who wrote it (owner messages).' }),
  body: Type.String(),
  attachments: Type.Array(Attachment, { description: 'url = /api/conversations/{id}/attachments/{attachmentId}' }),
  createdAt: Timestamp,
});
export type Message = Static<typeof Message>;

/** Visitor-side message: a teammate's display name only, never an id or email. */
export const VisitorMessage = Type.Object({
  id: Type.String(),
  conversationId: Type.String(),
  author: Author,
  authorName: NullableString({ description: "The teammate's display name (owner messages)." }),
  body: Type.String(),
  attachments: Type.Array(Attachment, { description: 'url = /api/widget/conversations/{id}/attachments/{attachmentId}; append ?token=<visitorToken>' }),
  createdAt: Timestamp,
});
export type VisitorMessage = Static<typeof VisitorMessage>;

export const CONVERSATION_STATUSES = ['open', 'resolved'] as const;
export const ConversationStatus = StringEnum(CONVERSATION_STATUSES);
export type ConversationStatus = Static<typeof ConversationStatus>;

export const Visitor = Type.Object({
  name: NullableString(),
  email: NullableString(),
  browser: NullableString({ description: 'From the User-Agent of the request that started the conversation, e.g. "Chrome 120".' }),
  os: NullableString({ description: 'e.g. "macOS", "iOS 17".' }),
  locale: NullableString({ description: 'From Accept-Language, e.g. "de-DE".' }),
  previousConversations: Type.Optional(Type.Integer({ description: "This site's other conversations with the same visitor email (GET /api/conversations/{id} only)." })),
});
export type Visitor = Static<typeof Visitor>;

export const ConversationSummary = Type.Object({
  id: Type.String(),
  visitor: Visitor,
  pageUrl: NullableString(),
  country: NullableString({ description: 'ISO 3166-1 alpha-2, derived from the visitor IP.' }),
  lastMessage: NullableObject(Type.Object({
    author: Author,
    body: Type.String({ description: 'The start of the last message (a preview, at most 300 characters).' }),
    createdAt: Timestamp,
  })),
  createdAt: Timestamp,
  updatedAt: Type.String({ format: 'date-time', description: 'Last activity (the last message).' }),
  status: ConversationStatus,
  assignee: NullableObject(UserRef),
  unreadCount: Type.Optional(Type.Integer({ description: 'Visitor messages not yet read by the requesting user (absent in live events).' })),
});
export type ConversationSummary = Static<typeof ConversationSummary>;

export const ConversationDetail = Type.Object({
  conversation: ConversationSummary,
  messages: Type.Array(Message),
  tickets: Type.Array(TicketSummary, { description: 'Tickets made from this conversation, oldest first.' }),
});
export type ConversationDetail = Static<typeof ConversationDetail>;

export const MessageResponse = Type.Object({ message: Message });

export const ConversationQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
  status: Type.Optional(StringEnum(['open', 'resolved', 'all'], { default: 'open' })),
  assignee: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: '`me`, `none` or a user id.' })),
  visitorEmail: Type.Optional(Type.String({ minLength: 1, maxLength: 254, description: 'Exact, case-insensitive.' })),
});

export const UpdateConversationBody = Type.Object({
  status: Type.Optional(ConversationStatus),
  assigneeId: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()], { description: 'null unassigns.' })),
}, { additionalProperties: false });

export const ConversationResponse = Type.Object({ conversation: ConversationSummary });

export const UnreadCounts = Type.Object({
  conversations: Type.Integer({ description: 'Open conversations with unread visitor messages for me; at most 100 (show "99+").' }),
  submissions: Type.Integer({ description: 'Submissions created after I last viewed the submissions list; at most 100 (show "99+").' }),
});
export type UnreadCounts = Static<typeof UnreadCounts>;

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
  message: VisitorMessage,
});

export const VisitorMessageResponse = Type.Object({ message: VisitorMessage });

export const VisitorTokenHeaders = Type.Object({
  'x-visitor-token': Type.Optional(Type.String({ description: 'The visitorToken returned when the conversation started.' })),
});

export const VisitorSocketQuery = Type.Object({
  token: Type.Optional(Type.String({ description: 'The visitorToken of this conversation.' })),
});

export const MessageList = Type.Object({ items: Type.Array(VisitorMessage) });
