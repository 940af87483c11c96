import type { PendingMessage } from './messages.js';

export interface StoredConversation {
  id: string;
  token: string;
  /** createdAt of the newest message the visitor has seen with the panel open ('' for none). */
  seenAt: string;
}

/** The part of the Web Storage API we use (so a blocked storage can fall back to memory). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Keys are namespaced by site key: two FloatMessage sites embedded on one origin never mix. */
export const conversationKey = (siteKey: string) => `floatmessage:${siteKey}:conversation`;
export const outboxKey = (siteKey: string) => `floatmessage:${siteKey}:outbox`;

/**
 * Where the widget keeps its state. The conversation (id + visitor token) lives in localStorage so it
 * survives reloads and is shared by the visitor's tabs; unsent messages live in sessionStorage, per
 * tab, so two open tabs never both send the same queued message.
 */
export class WidgetStore {
  /** The localStorage key of the conversation (other tabs' changes arrive as `storage` events for it). */
  readonly conversationKey: string;
  private readonly outboxKey: string;

  constructor(
    siteKey: string,
    private readonly local: KeyValueStorage,
    private readonly session: KeyValueStorage,
  ) {
    this.conversationKey = conversationKey(siteKey);
    this.outboxKey = outboxKey(siteKey);
  }

  loadConversation(): StoredConversation | null {
    return parseConversation(read(this.local, this.conversationKey));
  }

  saveConversation(conversation: StoredConversation): void {
    write(this.local, this.conversationKey, JSON.stringify(conversation));
  }

  forgetConversation(): void {
    remove(this.local, this.conversationKey);
  }

  loadOutbox(): PendingMessage[] {
    try {
      const items: unknown = JSON.parse(read(this.session, this.outboxKey) ?? '[]');
      return Array.isArray(items) ? items.filter((item): item is PendingMessage => typeof item?.key === 'string' && typeof item?.body === 'string') : [];
    } catch {
      return [];
    }
  }

  saveOutbox(items: readonly PendingMessage[]): void {
    if (items.length === 0) remove(this.session, this.outboxKey);
    else write(this.session, this.outboxKey, JSON.stringify(items));
  }
}

/** A stored conversation value, or null when absent or not ours (another version, tampering). */
export function parseConversation(raw: string | null): StoredConversation | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw);
    if (typeof value?.id !== 'string' || typeof value?.token !== 'string' || !value.id || !value.token) return null;
    return { id: value.id, token: value.token, seenAt: typeof value.seenAt === 'string' ? value.seenAt : '' };
  } catch {
    return null;
  }
}

/** Storage that may throw (Safari private mode, blocked third-party storage, quota): the widget still works for this page. */
function read(storage: KeyValueStorage, key: string): string | null {
  try {
    return storage.getItem(key);
  } catch {
    return null;
  }
}

function write(storage: KeyValueStorage, key: string, value: string): void {
  try {
    storage.setItem(key, value);
  } catch {
    // Not persisted: this page still works, a reload starts afresh.
  }
}

function remove(storage: KeyValueStorage, key: string): void {
  try {
    storage.removeItem(key);
  } catch {
    // nothing to do
  }
}

/** In-memory storage for when the browser refuses access to Web Storage altogether. */
export class MemoryStorage implements KeyValueStorage {
  private readonly values = new Map<string, string>();
  getItem(key: string) {
    return this.values.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.values.set(key, value);
  }
  removeItem(key: string) {
    this.values.delete(key);
  }
}
