import { Type, type Static } from '@sinclair/typebox';
import { Nullable } from './common.js';

/** "HH:MM", 00:00–23:59; `to` may also be "24:00" (until midnight). */
const CLOCK = '^([01][0-9]|2[0-3]):[0-5][0-9]$';
const CLOCK_OR_MIDNIGHT = '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$';

export const BusinessHours = Type.Object({
  day: Type.Integer({ minimum: 0, maximum: 6, description: '0 = Sunday … 6 = Saturday, in the workspace time zone.' }),
  from: Type.String({ pattern: CLOCK, description: 'Opening time, HH:MM.' }),
  to: Type.String({ pattern: CLOCK_OR_MIDNIGHT, description: 'Closing time, HH:MM (later than `from`; 24:00 = midnight).' }),
});
export type BusinessHours = Static<typeof BusinessHours>;

export const AvailabilitySettings = Type.Object({
  timezone: Type.String({ minLength: 1, maxLength: 64, description: 'An IANA time zone, e.g. Europe/Berlin.' }),
  hours: Type.Array(BusinessHours, { maxItems: 28, description: 'Empty = always within hours.' }),
  awayMessage: Type.String({ maxLength: 500, description: 'Shown in the widget when nobody is online; empty = none.' }),
});
export type AvailabilitySettings = Static<typeof AvailabilitySettings>;

export const WidgetConfigQuery = Type.Object({
  conversationId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "With X-Visitor-Token: askEmail is false when this conversation already has the visitor's email." })),
});

export const WidgetConfig = Type.Object({
  online: Type.Boolean({ description: 'Within business hours and a teammate has the dashboard open.' }),
  awayMessage: Nullable(Type.String()),
  askEmail: Type.Boolean({ description: 'Not online and the conversation has no email yet.' }),
  withinHours: Type.Boolean(),
  nextOpenAt: Nullable(Type.String({ format: 'date-time' }), { description: 'When business hours next begin; null while within hours or with no hours set.' }),
});
export type WidgetConfig = Static<typeof WidgetConfig>;

export const VisitorContactBody = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 100 })),
  email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
});

export const VisitorContactResponse = Type.Object({
  conversation: Type.Object({
    id: Type.String(),
    visitor: Type.Object({ name: Nullable(Type.String()), email: Nullable(Type.String()) }),
  }),
});

export const NotificationPrefs = Type.Object({
  email: Type.Object({
    newConversation: Type.Boolean(),
    newSubmission: Type.Boolean(),
    assignedToMe: Type.Boolean(),
    visitorReplyAssigned: Type.Boolean(),
  }),
});
export type NotificationPrefs = Static<typeof NotificationPrefs>;
