import type { ConversationSummary as Conversation, Message } from '../../shared/schemas/chat';
import type { Submission } from '../../shared/schemas/forms';
import type { Ticket } from '../../shared/schemas/tickets';

/**
 * A frame from /api/ws, already unpacked, or `live.resync`: emitted locally after a reconnect,
 * because events sent while the socket was down are not replayed.
 */
export type LiveEvent =
  | { type: 'conversation.created' | 'message.created'; conversation: Conversation; message: Message }
  | { type: 'conversation.deleted'; conversationId: string }
  /** Status, assignee or read state changed; `actor` null when the visitor's message reopened it; `read` when `actor` read it. */
  | { type: 'conversation.updated'; conversation: Conversation; actor: { id: string } | null; read: boolean }
  | { type: 'conversation.typing'; conversationId: string; who: 'visitor' | 'agent'; name: string | null; actorId: string | null }
  | { type: 'submissions.read'; actorId: string | null }
  /** The submission as presented, without the list's `tickets` (a new submission has none yet). */
  | { type: 'submission.created'; submission: Submission }
  | { type: 'ticket.created' | 'ticket.updated'; ticket: Ticket }
  | { type: 'ticket.deleted'; ticketId: string }
  | { type: 'submission.deleted'; submissionId: string }
  | { type: 'member.removed'; userId: string }
  | { type: 'live.resync' }
  /** Local: the server closed our socket because we were removed from the workspace. */
  | { type: 'workspace.left' }
  /** Local: the server closed our socket because this session ended (logged out elsewhere, password changed or reset). */
  | { type: 'session.ended' };

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
    case 'submission.deleted':
      return typeof data.id === 'string' ? { type: 'submission.deleted', submissionId: data.id } : null;
    case 'member.removed':
      return typeof data.userId === 'string' ? { type: 'member.removed', userId: data.userId } : null;
    default:
      return null;
  }
}

function hasId(value: unknown): value is { id: string } {
  return !!value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string';
}
