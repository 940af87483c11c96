import type { Conversation, Message } from '../db/schema.js';
import { presentConversation, presentMessage, presentVisitorMessage } from '../presenters/conversations.js';
import type { EventBus } from './events.js';

/**
 * Chat's live events. Call after the transaction committed. The owner channel gets owner-presented
 * data; the conversation channel (visitor sockets) gets visitor-presented data only.
 */
export function publishConversationCreated(events: EventBus, conversation: Conversation, message: Message): void {
  events.toOwner(conversation.owner_id, {
    type: 'conversation.created',
    data: { conversation: presentConversation(conversation), message: presentMessage(message) },
  });
}

export function publishMessageCreated(events: EventBus, conversation: Conversation, message: Message): void {
  events.toOwner(conversation.owner_id, {
    type: 'message.created',
    data: { conversation: presentConversation(conversation), message: presentMessage(message) },
  });
  events.toConversation(conversation.id, { type: 'message.created', data: { message: presentVisitorMessage(message) } });
}

/**
 * The conversation channel also hears `conversation.deleted`: visitor sockets never forward it as a
 * frame, they close (the token no longer opens anything).
 */
export function publishConversationDeleted(events: EventBus, ownerId: string, conversationId: string): void {
  events.toOwner(ownerId, { type: 'conversation.deleted', data: { conversation: { id: conversationId } } });
  events.toConversation(conversationId, { type: 'conversation.deleted', data: { conversation: { id: conversationId } } });
}
