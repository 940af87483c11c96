import { describe, expect, it } from 'vitest';
import { MemoryStorage, parseConversation, WidgetStore, type KeyValueStorage } from './storage.js';

class RefusingStorage implements KeyValueStorage {
  getItem(): string | null {
    throw new Error('SecurityError');
  }
  setItem(): void {
    throw new Error('QuotaExceededError');
  }
  removeItem(): void {
    throw new Error('SecurityError');
  }
}

describe('WidgetStore', () => {
  it('keeps the conversation in local storage and the queue in session storage, namespaced by site key', () => {
    const local = new MemoryStorage();
    const session = new MemoryStorage();
    const one = new WidgetStore('site_one', local, session);
    const two = new WidgetStore('site_two', local, session);
    one.saveConversation({ id: 'c1', token: 't1', seenAt: '' });
    one.saveOutbox([{ key: 'k', body: 'queued' }]);

    expect(local.getItem('floatmessage:site_one:conversation')).toBe('{"id":"c1","token":"t1","seenAt":""}');
    expect(session.getItem('floatmessage:site_one:outbox')).toBe('[{"key":"k","body":"queued"}]');
    expect(new WidgetStore('site_one', local, session).loadConversation()).toEqual({ id: 'c1', token: 't1', seenAt: '' });
    expect(two.loadConversation()).toBeNull();
    expect(two.loadOutbox()).toEqual([]);
    expect(one.conversationKey).toBe('floatmessage:site_one:conversation');

    one.saveOutbox([]);
    one.forgetConversation();
    expect(session.getItem('floatmessage:site_one:outbox')).toBeNull();
    expect(one.loadConversation()).toBeNull();
  });

  it('ignores damaged or foreign values', () => {
    expect(parseConversation('not json')).toBeNull();
    expect(parseConversation('{"id":"c1"}')).toBeNull();
    expect(parseConversation('{"id":"","token":"t"}')).toBeNull();
    expect(parseConversation('{"id":"c1","token":"t","seenAt":5}')).toEqual({ id: 'c1', token: 't', seenAt: '' });
    const session = new MemoryStorage();
    session.setItem('floatmessage:s:outbox', '[{"key":"k","body":"ok"},{"body":"no key"},null,7]');
    expect(new WidgetStore('s', new MemoryStorage(), session).loadOutbox()).toEqual([{ key: 'k', body: 'ok' }]);
  });

  it('keeps working when the browser refuses storage', () => {
    const store = new WidgetStore('s', new RefusingStorage(), new RefusingStorage());
    store.saveConversation({ id: 'c1', token: 't', seenAt: '' });
    store.saveOutbox([{ key: 'k', body: 'x' }]);
    store.forgetConversation();
    expect(store.loadConversation()).toBeNull();
    expect(store.loadOutbox()).toEqual([]);
  });
});
