import { describe, expect, it } from 'vitest';
import type { ChatMessage } from './api.js';
import { countUnread, mergeMessages, newestTime, reconcilePending, type PendingMessage } from './messages.js';

const at = (second: number) => `2026-01-01T10:00:${String(second).padStart(2, '0')}.000Z`;
const message = (id: string, second: number, body = id, author: ChatMessage['author'] = 'visitor'): ChatMessage =>
  ({ id, conversationId: 'c1', author, body, createdAt: at(second) });

describe('mergeMessages', () => {
  it('keeps each message once, in server order (time, then id), whichever way it arrived', () => {
    const known = [message('b', 2), message('d', 4)];
    const merged = mergeMessages(known, [message('d', 4), message('a', 1), message('c', 2), message('b', 2)]);
    expect(merged.map((m) => m.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(mergeMessages(merged, [])).toBe(merged);
    expect(newestTime(merged)).toBe(at(4));
    expect(newestTime([])).toBe('');
  });
});

describe('reconcilePending', () => {
  const pending = (key: string, body: string, attemptedAfter?: string): PendingMessage => ({ key, body, ...(attemptedAfter === undefined ? {} : { attemptedAfter }) });

  it('drops a message whose lost send the history shows delivered', () => {
    const history = [message('m1', 1, 'hello'), message('m2', 5, 'are you there?')];
    const left = reconcilePending([pending('p1', 'are you there?', at(1)), pending('p2', 'next')], history);
    expect(left.map((p) => p.key)).toEqual(['p2']);
  });

  it('keeps it when the only matching text is older than the attempt, or written by the owner', () => {
    const history = [message('m1', 1, 'ok'), message('m2', 5, 'ok', 'owner')];
    expect(reconcilePending([pending('p1', 'ok', at(1))], history)).toHaveLength(1);
  });

  it('matches each delivered message to one queued message only', () => {
    const history = [message('m0', 0, 'x'), message('m1', 3, 'ok')];
    const left = reconcilePending([pending('p1', 'ok', at(0)), pending('p2', 'ok', at(0))], history);
    expect(left.map((p) => p.key)).toEqual(['p2']);
  });

  it('never drops a message that was not attempted yet', () => {
    expect(reconcilePending([pending('p1', 'hello')], [message('m1', 9, 'hello')])).toHaveLength(1);
  });
});

describe('countUnread', () => {
  it('counts owner replies after the last seen time', () => {
    const messages = [message('a', 1, 'hi'), message('b', 2, 'hello', 'owner'), message('c', 3, 'again', 'owner'), message('d', 4, 'me')];
    expect(countUnread(messages, '')).toBe(2);
    expect(countUnread(messages, at(2))).toBe(1);
    expect(countUnread(messages, at(4))).toBe(0);
  });
});
