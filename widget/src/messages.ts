import type { ChatMessage } from './api.js';

/** A message the visitor wrote that the server has not confirmed yet (kept across reloads of the tab). */
export interface PendingMessage {
  /** Local id, for rendering. */
  key: string;
  body: string;
  /** Name/email typed before the first message: sent with it when it starts the conversation. */
  visitor?: { name?: string; email?: string };
  /**
   * Set when a send was attempted but its answer was lost: the newest message time known then
   * (or '' if none). The server may have stored it, so the history is checked before sending again.
   */
  attemptedAfter?: string;
}

const byTimeThenId = (a: ChatMessage, b: ChatMessage) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * The known messages plus `incoming`, each once (by id), in the server's order (time, then id).
 * The same message can arrive from the POST answer, the socket and a history refetch.
 */
export function mergeMessages(known: readonly ChatMessage[], incoming: readonly ChatMessage[]): ChatMessage[] {
  if (incoming.length === 0) return known as ChatMessage[];
  const byId = new Map(known.map((message) => [message.id, message]));
  for (const message of incoming) byId.set(message.id, message);
  return [...byId.values()].sort(byTimeThenId);
}

/** Time of the newest known message ('' when none): ISO-8601 UTC strings from one server compare as text. */
export function newestTime(messages: readonly ChatMessage[]): string {
  return messages.at(-1)?.createdAt ?? '';
}

/**
 * Drops pending messages that the history shows were delivered after all (their send was attempted but
 * the answer got lost). A pending message matches a visitor message with the same body written after
 * the attempt started; each history message matches at most one pending message, oldest first.
 */
export function reconcilePending(pending: readonly PendingMessage[], history: readonly ChatMessage[]): PendingMessage[] {
  const used = new Set<string>();
  return pending.filter((item) => {
    if (item.attemptedAfter === undefined) return true;
    const delivered = history.find(
      (message) => message.author === 'visitor' && !used.has(message.id) && message.body === item.body && message.createdAt > item.attemptedAfter!,
    );
    if (!delivered) return true;
    used.add(delivered.id);
    return false;
  });
}

/** Owner replies newer than `seenAt` (what the visitor has not looked at yet). */
export function countUnread(messages: readonly ChatMessage[], seenAt: string): number {
  return messages.filter((message) => message.author === 'owner' && message.createdAt > seenAt).length;
}
