import type { ConversationView, MessageView } from '../commands/conversation-views.js';
import { presentConversation, presentMessage, presentVisitorMessage } from '../presenters/conversations.js';
import type { EventBus } from './events.js';

/**
 * Chat's live events. Call after the transaction committed. The owner channel gets owner-presented
 * data; the conversation channel (visitor sockets) gets visitor-presented data only. Conversations in
 * events carry no unreadCount: that is per user, and every teammate's dashboard hears the event.
 */
function forEveryone(conversation: ConversationView) {
  const { unread_count: _unread, previous_conversations: _previous, ...shared } = conversation;
  return presentConversation(shared);
}

/** The owner-side data of `conversation.created` and `message.created`: the owner frame's and the webhook's. */
export function ownerChatData(conversation: ConversationView, message: MessageView) {
  return { conversation: forEveryone(conversation), message: presentMessage(message) };
}

export function publishConversationCreated(events: EventBus, conversation: ConversationView, message: MessageView): void {
  events.toOwner(conversation.owner_id, { type: 'conversation.created', data: ownerChatData(conversation, message) });
}

export function publishMessageCreated(events: EventBus, conversation: ConversationView, message: MessageView): void {
  events.toOwner(conversation.owner_id, { type: 'message.created', data: ownerChatData(conversation, message) });
  events.toConversation(conversation.id, { type: 'message.created', data: { message: presentVisitorMessage(message) } });
}

/**
 * Status, assignee or read state changed. `actor` is who did it (null: a visitor message reopened it);
 * `read` marks a read-state change, which only that actor's dashboards apply to their unread count.
 */
export function publishConversationUpdated(events: EventBus, conversation: ConversationView, actor: { id: string } | null, read = false): void {
  events.toOwner(conversation.owner_id, {
    type: 'conversation.updated',
    data: { conversation: forEveryone(conversation), actor: actor ? { id: actor.id } : null, ...(read ? { read: true } : {}) },
  });
}

/**
 * The conversation channel also hears `conversation.deleted`: visitor sockets never forward it as a
 * frame, they close (the token no longer opens anything).
 */
export function publishConversationDeleted(events: EventBus, ownerId: string, conversationId: string): void {
  events.toOwner(ownerId, { type: 'conversation.deleted', data: { conversation: { id: conversationId } } });
  events.toConversation(conversationId, { type: 'conversation.deleted', data: { conversation: { id: conversationId } } });
}
