import { useSyncExternalStore } from 'react';
import { live } from './live';
import type { LiveEvent } from './live-data';

/**
 * Who is typing where, from `conversation.typing` frames. Frames arrive at most every 2 s while
 * someone types, so an entry lapses a little after that; a message from the same side ends it.
 * Typing is a hint: never stored, dropped while offline.
 */
const LAPSE_MS = 4_500;
const THROTTLE_MS = 2_000;

export interface Typing {
  visitor: boolean;
  /** Teammates typing (each dashboard leaves out its own user). */
  agents: { id: string; name: string }[];
}

interface Entry {
  visitorUntil: number;
  agents: Map<string, { name: string; until: number }>;
}

const entries = new Map<string, Entry>();
let snapshot = new Map<string, Typing>();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setTimeout> | null = null;

function publish(): void {
  const now = Date.now();
  const next = new Map<string, Typing>();
  let soonest = Infinity;
  for (const [conversationId, entry] of entries) {
    for (const [id, agent] of entry.agents) if (agent.until <= now) entry.agents.delete(id);
    const visitor = entry.visitorUntil > now;
    if (!visitor && entry.agents.size === 0) {
      entries.delete(conversationId);
      continue;
    }
    next.set(conversationId, { visitor, agents: [...entry.agents].map(([id, { name }]) => ({ id, name })) });
    soonest = Math.min(soonest, ...(visitor ? [entry.visitorUntil] : []), ...[...entry.agents.values()].map((a) => a.until));
  }
  snapshot = next;
  if (timer) clearTimeout(timer);
  timer = Number.isFinite(soonest) ? setTimeout(publish, soonest - now + 10) : null;
  for (const listener of [...listeners]) listener();
}

function entryFor(conversationId: string): Entry {
  let entry = entries.get(conversationId);
  if (!entry) entries.set(conversationId, (entry = { visitorUntil: 0, agents: new Map() }));
  return entry;
}

function onEvent(event: LiveEvent): void {
  if (event.type === 'conversation.typing') {
    const entry = entryFor(event.conversationId);
    if (event.who === 'visitor') entry.visitorUntil = Date.now() + LAPSE_MS;
    else if (event.actorId) entry.agents.set(event.actorId, { name: event.name ?? 'A teammate', until: Date.now() + LAPSE_MS });
    else return;
    publish();
  } else if (event.type === 'message.created' || event.type === 'conversation.created') {
    const entry = entries.get(event.conversation.id);
    if (!entry) return;
    if (event.message.author === 'visitor') entry.visitorUntil = 0;
    else if (event.message.authorUser) entry.agents.delete(event.message.authorUser.id);
    publish();
  } else if (event.type === 'live.resync') {
    entries.clear();
    publish();
  }
}

live.subscribe(onEvent);

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Conversation id → who is typing there. */
export function useTyping(): Map<string, Typing> {
  return useSyncExternalStore(subscribe, () => snapshot);
}

const lastSent = new Map<string, number>();

/** Tells the visitor (and teammates) that the user is typing a reply; at most once per 2 s per conversation. */
export function sendTyping(conversationId: string): void {
  const now = Date.now();
  if (now - (lastSent.get(conversationId) ?? 0) < THROTTLE_MS) return;
  if (live.send({ type: 'typing', data: { conversationId } })) lastSent.set(conversationId, now);
}

/** After sending a message the next keystroke announces typing again at once. */
export function resetTyping(conversationId: string): void {
  lastSent.delete(conversationId);
}
