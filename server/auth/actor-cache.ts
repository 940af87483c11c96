import type { Actor } from '../commands/accounts.js';
import type { EventBus, LiveEvent } from '../realtime/events.js';

/**
 * How long a credential → actor answer is reused without asking the database again. The entries
 * are dropped at once by the events that change the answer — `credential.revoked` (logout, token
 * revoked, password reset) and `member.removed` — which reach every server through the event bus
 * (LISTEN/NOTIFY on PostgreSQL), and all of them by `resync` (this server may have missed events).
 * The TTL is the safety net for what no event covers: an event lost in the window between a
 * request's database read and its subscription to the workspace's events, and a session switched to
 * another workspace on another server (the user is a member of both; removal is an event). A few
 * seconds keeps a credential's cost at one statement per TTL instead of one per request.
 */
export const ACTOR_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

interface Entry {
  actor: Actor;
  expiresAt: number;
}

/** An in-process credential (session or API token, by its secret's hash) → actor cache. */
export class ActorCache {
  private readonly entries = new Map<string, Entry>();
  /** Per workspace: how many entries it has and how to stop listening to its events. */
  private readonly owners = new Map<string, { count: number; unsubscribe: () => void }>();
  /** Bumped by every invalidation: an answer read from the database before one is not stored. */
  private generation = 0;

  constructor(private readonly events: EventBus, private readonly ttlMs = ACTOR_CACHE_TTL_MS) {}

  /** The cached actor, or undefined (missing or older than the TTL, or past the credential's own expiry). */
  get(key: string, now = Date.now()): Actor | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > now) return entry.actor;
    this.delete(key);
    return undefined;
  }

  /** Stamp to take before the database read whose answer `set` will store. */
  stamp(): number {
    return this.generation;
  }

  /** Stores an answer read after `stamp` unless an invalidation arrived meanwhile. */
  set(key: string, actor: Actor, stamp: number, credentialExpiresAt = Infinity, now = Date.now()): void {
    if (stamp !== this.generation) return;
    if (this.entries.size >= MAX_ENTRIES) this.delete(this.entries.keys().next().value as string);
    this.delete(key);
    this.entries.set(key, { actor, expiresAt: Math.min(now + this.ttlMs, credentialExpiresAt) });
    const owner = this.owners.get(actor.ownerId);
    if (owner) owner.count++;
    else this.owners.set(actor.ownerId, { count: 1, unsubscribe: this.events.onOwner(actor.ownerId, (event) => this.apply(actor.ownerId, event)) });
  }

  /** Drops one credential's entries on this server (the event reaches the others). */
  forget(predicate: (actor: Actor) => boolean): void {
    this.generation++;
    for (const [key, entry] of this.entries) if (predicate(entry.actor)) this.delete(key);
  }

  clear(): void {
    this.generation++;
    for (const key of [...this.entries.keys()]) this.delete(key);
  }

  private apply(ownerId: string, event: LiveEvent): void {
    if (event.type === 'credential.revoked') this.forget((actor) => actor.credentialId === event.data.credentialId);
    else if (event.type === 'member.removed') this.forget((actor) => actor.ownerId === ownerId && actor.userId === event.data.userId);
    else if (event.type === 'resync') this.clear();
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    const owner = this.owners.get(entry.actor.ownerId);
    if (owner && --owner.count === 0) {
      owner.unsubscribe();
      this.owners.delete(entry.actor.ownerId);
    }
  }
}

const caches = new WeakMap<EventBus, ActorCache>();

/** The cache of the app whose event bus this is (one per app: tests build many apps in one process). */
export function actorCacheFor(events: EventBus): ActorCache {
  let cache = caches.get(events);
  if (!cache) caches.set(events, (cache = new ActorCache(events)));
  return cache;
}
