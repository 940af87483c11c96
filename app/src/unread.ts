import type { Conversation } from './types';

/**
 * Which conversations the owner has looked at, kept in this browser: conversation id → the time of
 * the latest message seen. A conversation is unread when a visitor wrote after that.
 */
const KEY = 'fm.seen';

function readSeen(): Record<string, string> {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '{}') as Record<string, string>;
  } catch {
    return {};
  }
}

export function lastActivity(conversation: Conversation): string {
  return conversation.lastMessage?.createdAt ?? conversation.updatedAt;
}

export function isUnread(conversation: Conversation, seen = readSeen()): boolean {
  if (conversation.lastMessage?.author === 'owner') return false;
  const mark = seen[conversation.id];
  return !mark || new Date(lastActivity(conversation)).getTime() > new Date(mark).getTime();
}

export function markSeen(conversation: Conversation): void {
  const seen = readSeen();
  seen[conversation.id] = lastActivity(conversation);
  // Keep the map bounded: only the most recently seen 500 conversations.
  const entries = Object.entries(seen).sort((a, b) => b[1].localeCompare(a[1])).slice(0, 500);
  try {
    localStorage.setItem(KEY, JSON.stringify(Object.fromEntries(entries)));
  } catch {
    // Storage full or disabled: unread markers just stay on.
  }
}

export { readSeen };
