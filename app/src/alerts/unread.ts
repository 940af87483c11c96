import { useSyncExternalStore } from 'react';
import { api } from '../api';
import type { UnreadCounts } from '../../../shared/schemas/chat';

/**
 * The navigation's unread counts (GET /api/me/unread), one copy for the whole dashboard. Live events
 * only say that something changed; the server's count is refetched (debounced) rather than guessed,
 * so every browser of the user agrees with the server's read state.
 */
const EMPTY: UnreadCounts = { conversations: 0, submissions: 0 };
let counts = EMPTY;
let sequence = 0;
let timer: ReturnType<typeof setTimeout> | null = null;
const listeners = new Set<() => void>();

function set(next: UnreadCounts): void {
  if (next.conversations === counts.conversations && next.submissions === counts.submissions) return;
  counts = next;
  for (const listener of [...listeners]) listener();
}

async function load(): Promise<void> {
  const id = ++sequence;
  try {
    const next = await api.unreadCounts();
    if (id === sequence) set({ conversations: next.conversations ?? 0, submissions: next.submissions ?? 0 });
  } catch {
    // Offline or signed out: keep the last counts; the next event or reconnect refetches.
  }
}

/** Refetches soon; a burst of events causes one request. */
export function refreshUnread(delayMs = 250): void {
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = null;
    void load();
  }, delayMs);
}

/** Signed out: forget the counts (a late answer for the old session is ignored). */
export function clearUnread(): void {
  if (timer) clearTimeout(timer);
  timer = null;
  sequence += 1;
  set(EMPTY);
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useUnreadCounts(): UnreadCounts {
  return useSyncExternalStore(subscribe, () => counts);
}
