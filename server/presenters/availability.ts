import type { Static } from '@sinclair/typebox';
import type { VisitorContactResponse, WidgetConfig } from '../../shared/schemas/availability.js';
import type { WidgetConfigState } from '../commands/availability.js';
import type { ConversationView } from '../commands/conversation-views.js';

/** Visitor-facing: the public widget config (nothing about who is online, only whether someone is). */
export function presentWidgetConfig(state: WidgetConfigState): WidgetConfig {
  return {
    online: state.online,
    awayMessage: state.awayMessage,
    askEmail: state.askEmail,
    withinHours: state.withinHours,
    nextOpenAt: state.nextOpenAt === null ? null : new Date(state.nextOpenAt).toISOString(),
  };
}

/** Visitor-facing: only the contact the visitor gave, never owner-side fields. */
export function presentVisitorContact(conversation: ConversationView): Static<typeof VisitorContactResponse> {
  return { conversation: { id: conversation.id, visitor: { name: conversation.visitor_name, email: conversation.visitor_email } } };
}
