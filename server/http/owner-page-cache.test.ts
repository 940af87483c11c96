import { afterEach, describe, expect, it, vi } from 'vitest';
import { LocalEventBus } from '../realtime/events.js';
import { OwnerPageCache } from './owner-page-cache.js';

const EVENT = { type: 'ticket.updated', data: {} } as const;

/** Reads a page through the cache the way the route does: the cached JSON, or `read()` stored. */
function serve(cache: OwnerPageCache, ownerId: string, key: string, read: () => string): string {
  const cached = cache.lookup(ownerId, key);
  if ('json' in cached) return cached.json;
  const json = read();
  cached.store(json);
  return json;
}

describe('OwnerPageCache', () => {
  const bus = new LocalEventBus();
  afterEach(() => vi.useRealTimers());

  it('serves a stored page until an event of that workspace, and only of that workspace', () => {
    const cache = new OwnerPageCache(bus);
    let reads = 0;
    const read = () => `page ${++reads}`;
    expect(serve(cache, 'o1', 'open', read)).toBe('page 1');
    expect(serve(cache, 'o1', 'open', read)).toBe('page 1');
    expect(serve(cache, 'o2', 'open', read)).toBe('page 2');
    bus.toOwner('o2', EVENT);
    expect(serve(cache, 'o1', 'open', read)).toBe('page 1');
    bus.toOwner('o1', EVENT);
    expect(serve(cache, 'o1', 'open', read)).toBe('page 3');
    // Keys are separate pages of one workspace, cleared together.
    expect(serve(cache, 'o1', 'closed', read)).toBe('page 4');
    bus.toOwner('o1', { type: 'resync', data: {} });
    expect(serve(cache, 'o1', 'open', read)).toBe('page 5');
    expect(serve(cache, 'o1', 'closed', read)).toBe('page 6');
    cache.close();
  });

  it('never stores a page read while an event arrived (it may predate the change)', () => {
    const cache = new OwnerPageCache(bus);
    const first = cache.lookup('o3', 'open');
    expect('store' in first).toBe(true);
    bus.toOwner('o3', EVENT); // the change commits while the page is being read
    if ('store' in first) first.store('stale');
    const second = cache.lookup('o3', 'open');
    expect('json' in second).toBe(false);
    if ('store' in second) second.store('fresh');
    expect(cache.lookup('o3', 'open')).toEqual({ json: 'fresh' });
    cache.close();
  });

  it('forgets pages older than its age limit', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const cache = new OwnerPageCache(bus, 1024 * 1024, 10_000);
    serve(cache, 'o4', 'open', () => 'old');
    vi.setSystemTime(1_000_000 + 10_001);
    expect(serve(cache, 'o4', 'open', () => 'new')).toBe('new');
    expect(cache.lookup('o4', 'open')).toEqual({ json: 'new' });
    cache.close();
  });

  it('keeps to its byte budget by dropping the least recently used workspaces, and stops listening to them', () => {
    const cache = new OwnerPageCache(bus, 250);
    serve(cache, 'a', 'open', () => 'x'.repeat(100));
    serve(cache, 'b', 'open', () => 'y'.repeat(100));
    serve(cache, 'a', 'open', () => 'unused'); // a is now the most recently used
    serve(cache, 'c', 'open', () => 'z'.repeat(100));
    const listeners = (ownerId: string) => (bus as unknown as { emitter: { listenerCount(name: string): number } }).emitter.listenerCount(`owner:${ownerId}`);
    expect(cache.size).toBe(2);
    expect([listeners('a'), listeners('b'), listeners('c')]).toEqual([1, 0, 1]);
    expect(cache.lookup('a', 'open')).toEqual({ json: 'x'.repeat(100) });
    expect('store' in cache.lookup('b', 'open')).toBe(true);
    cache.close();
    expect([listeners('a'), listeners('b'), listeners('c')]).toEqual([0, 0, 0]);
  });
});
