import type { Conversation, LiveEvent, Message, Submission, Ticket } from './types';

/**
 * Unpacks a /api/ws frame (`{ type, data }`) into a typed event; frames of unknown types or
 * without the data a view relies on are dropped.
 */
export function parseLiveFrame(raw: unknown): LiveEvent | null {
  if (typeof raw !== 'string') return null;
  let frame: { type?: unknown; data?: Record<string, any> };
  try {
    frame = JSON.parse(raw);
  } catch {
    return null;
  }
  const data = frame?.data;
  if (!data || typeof data !== 'object') return null;
  switch (frame.type) {
    // The server's event stream had a gap (its LISTEN connection reconnected): refetch, as after our own reconnect.
    case 'resync':
      return { type: 'live.resync' };
    case 'conversation.created':
    case 'message.created':
      return hasId(data.conversation) && hasId(data.message)
        ? { type: frame.type, conversation: data.conversation as Conversation, message: data.message as Message }
        : null;
    case 'conversation.deleted':
      return hasId(data.conversation) ? { type: 'conversation.deleted', conversationId: data.conversation.id } : null;
    case 'conversation.updated':
      return hasId(data.conversation)
        ? {
          type: 'conversation.updated',
          conversation: data.conversation as Conversation,
          actor: hasId(data.actor) ? { id: data.actor.id } : null,
          read: data.read === true,
        }
        : null;
    case 'conversation.typing':
      return typeof data.conversationId === 'string' && (data.who === 'visitor' || data.who === 'agent')
        ? {
          type: 'conversation.typing',
          conversationId: data.conversationId,
          who: data.who,
          name: typeof data.name === 'string' ? data.name : null,
          actorId: hasId(data.actor) ? data.actor.id : null,
        }
        : null;
    case 'submissions.read':
      return { type: 'submissions.read', actorId: hasId(data.actor) ? data.actor.id : null };
    case 'submission.created':
      return hasId(data) ? { type: 'submission.created', submission: data as Submission } : null;
    case 'ticket.created':
    case 'ticket.updated':
      return hasId(data.ticket) ? { type: frame.type, ticket: data.ticket as Ticket } : null;
    case 'ticket.deleted':
      return typeof data.id === 'string' ? { type: 'ticket.deleted', ticketId: data.id } : null;
    case 'member.removed':
      return typeof data.userId === 'string' ? { type: 'member.removed', userId: data.userId } : null;
    default:
      return null;
  }
}

function hasId(value: unknown): value is { id: string } {
  return !!value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string';
}
