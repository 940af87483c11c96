import type { Db } from '../db/database.js';
import type { EventBus } from './events.js';

export interface TypingOptions {
  /** At most one typing frame per conversation per side in this window (extra frames are dropped). */
  throttleMs?: number;
  /** How long "this conversation belongs to that workspace" (and a teammate's name) is remembered. */
  cacheMs?: number;
  now?: () => number;
}

const MAX_ENTRIES = 10_000;

/**
 * Relays "someone is typing" between the visitor and the workspace's dashboards. Never stored:
 * it only crosses the event bus (so it reaches sockets on every server). Typing arrives per
 * keystroke, so the checks a frame needs (the conversation belongs to the socket's workspace,
 * the teammate's display name) are cached briefly instead of hitting the database each time, and
 * each side of a conversation is throttled to one frame per `throttleMs`.
 */
export class TypingRelay {
  private readonly throttleMs: number;
  private readonly cacheMs: number;
  private readonly now: () => number;
  private readonly lastSent = new Map<string, number>();
  private readonly owners = new Map<string, { ownerId: string | null; until: number }>();
  private readonly names = new Map<string, { name: string | null; until: number }>();

  constructor(private readonly db: Db, private readonly events: EventBus, options: TypingOptions = {}) {
    this.throttleMs = options.throttleMs ?? 2000;
    this.cacheMs = options.cacheMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  /** A teammate types in a conversation of their workspace; anything else is dropped silently. */
  async agentTyping(actor: { ownerId: string; userId: string }, conversationId: string): Promise<void> {
    if ((await this.ownerOf(conversationId)) !== actor.ownerId) return;
    if (!this.pass(`${conversationId}\nagent`)) return;
    const name = (await this.nameOf(actor.userId)) ?? '';
    // Visitors get the display name only; teammates also learn who it is (a dashboard ignores its own user).
    this.events.toConversation(conversationId, { type: 'conversation.typing', data: { conversationId, who: 'agent', name } });
    this.events.toOwner(actor.ownerId, { type: 'conversation.typing', data: { conversationId, who: 'agent', name, actor: { id: actor.userId } } });
  }

  /** The visitor types (the socket was opened with this conversation's token). */
  visitorTyping(ownerId: string, conversationId: string): void {
    if (!this.pass(`${conversationId}\nvisitor`)) return;
    this.events.toOwner(ownerId, { type: 'conversation.typing', data: { conversationId, who: 'visitor' } });
  }

  private pass(key: string): boolean {
    const now = this.now();
    const last = this.lastSent.get(key);
    if (last !== undefined && now - last < this.throttleMs) return false;
    if (this.lastSent.size >= MAX_ENTRIES) {
      for (const [k, at] of this.lastSent) if (now - at >= this.throttleMs) this.lastSent.delete(k);
      if (this.lastSent.size >= MAX_ENTRIES) this.lastSent.clear();
    }
    this.lastSent.set(key, now);
    return true;
  }

  private async ownerOf(conversationId: string): Promise<string | null> {
    return this.cached(this.owners, conversationId, async () => {
      const row = await this.db.selectFrom('conversations').select('owner_id').where('id', '=', conversationId).executeTakeFirst();
      return row?.owner_id ?? null;
    }, (entry) => entry.ownerId, (ownerId, until) => ({ ownerId, until }));
  }

  private async nameOf(userId: string): Promise<string | null> {
    return this.cached(this.names, userId, async () => {
      const row = await this.db.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst();
      return row?.name ?? null;
    }, (entry) => entry.name, (name, until) => ({ name, until }));
  }

  private async cached<E extends { until: number }, V>(
    map: Map<string, E>, key: string, load: () => Promise<V>, read: (entry: E) => V, make: (value: V, until: number) => E,
  ): Promise<V> {
    const now = this.now();
    const hit = map.get(key);
    if (hit && hit.until > now) return read(hit);
    const value = await load();
    if (map.size >= MAX_ENTRIES) map.clear();
    map.set(key, make(value, now + this.cacheMs));
    return value;
  }
}
