import { EventEmitter } from 'node:events';

export type LiveEventType =
  | 'conversation.created'
  | 'conversation.deleted'
  /** Status, assignee or (with `read: true`, for the actor's own dashboards) read state changed. */
  | 'conversation.updated'
  /** Someone is typing; never stored. Visitor sockets get it only when an agent types. */
  | 'conversation.typing'
  | 'message.created'
  | 'submission.created'
  /** A submission was deleted: tickets made from it show their source as unavailable. */
  | 'submission.deleted'
  /** A user marked the submissions seen; that user's other dashboards refetch their counts. */
  | 'submissions.read'
  | 'ticket.created'
  | 'ticket.updated'
  | 'ticket.deleted'
  /** Visitor channel: a ticket made visible to the visitor changed status (visitor presenter only). */
  | 'ticket.status'
  /** A teammate left the workspace: dashboards refresh the team; that person's own sockets close. */
  | 'member.removed'
  /** Internal, never sent to a client: a session ended (logout) or an API token was revoked; sockets opened with it close. */
  | 'credential.revoked'
  /** Events may have been missed (this server's LISTEN connection was down): clients refetch what they show. */
  | 'resync';

/** A frame as sent on the sockets: `{ type, data }`. `data` is always an already-presented object. */
export interface LiveEvent {
  type: LiveEventType;
  data: Record<string, unknown>;
}

type Listener = (event: LiveEvent) => void;

/**
 * Routes live events to the sockets that may see them: owner channels (every event of one workspace)
 * and conversation channels (visitor-safe events of one conversation, presented for visitors).
 * Publishers call it after their transaction commits.
 */
export interface EventBus {
  toOwner(ownerId: string, event: LiveEvent): void;
  toConversation(conversationId: string, event: LiveEvent): void;
  onOwner(ownerId: string, listener: Listener): () => void;
  onConversation(conversationId: string, listener: Listener): () => void;
  close(): Promise<void>;
}

/** Single-process bus. */
export class LocalEventBus implements EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  toOwner(ownerId: string, event: LiveEvent): void {
    this.emitter.emit(`owner:${ownerId}`, event);
  }
  toConversation(conversationId: string, event: LiveEvent): void {
    this.emitter.emit(`conversation:${conversationId}`, event);
  }
  onOwner(ownerId: string, listener: Listener): () => void {
    return this.listen(`owner:${ownerId}`, listener);
  }
  onConversation(conversationId: string, listener: Listener): () => void {
    return this.listen(`conversation:${conversationId}`, listener);
  }
  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }

  /** Sends one event to every channel that has a listener (every socket of this server). */
  broadcast(event: LiveEvent): void {
    for (const channel of this.emitter.eventNames()) this.emitter.emit(channel, event);
  }

  private listen(channel: string, listener: Listener): () => void {
    this.emitter.on(channel, listener);
    return () => this.emitter.off(channel, listener);
  }
}
