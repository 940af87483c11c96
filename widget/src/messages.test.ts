import { describe, expect, it } from 'vitest';
import type { ChatMessage } from './api.js';
import { countUnread, findUpload, mergeMessages, newestTime, reconcilePending, viewOf, type PendingMessage } from './messages.js';

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

describe('viewOf (what a message shows)', () => {
  const origin = 'https://chat.example.com';
  const file = (id: string, filename: string, image: boolean) => ({
    id, filename, contentType: image ? 'image/png' : 'application/pdf', size: 2048, createdAt: at(1),
    url: `/api/widget/conversations/c1/attachments/${id}`,
    thumbnailUrl: image ? `/api/widget/conversations/c1/attachments/${id}/thumbnail` : null,
  });

  it('names the teammate on their reply; the visitor’s own and unnamed replies get a screen-reader label', () => {
    expect(viewOf({ ...message('a', 1, 'Hello', 'owner'), authorName: 'Olive Owner' }, origin, 't')).toMatchObject({ mine: false, name: 'Olive Owner', label: '', body: 'Hello' });
    expect(viewOf({ ...message('b', 1, 'Hi', 'owner'), authorName: null }, origin, 't')).toMatchObject({ name: null, label: 'Reply: ' });
    expect(viewOf(message('c', 1, 'Hi', 'owner'), origin, 't')).toMatchObject({ name: null, label: 'Reply: ', attachments: [] });
    expect(viewOf({ ...message('d', 1, 'Me'), authorName: 'ignored' }, origin, 't')).toMatchObject({ mine: true, name: null, label: 'You: ' });
  });

  it('links files on the API origin with the visitor token; images get their thumbnail', () => {
    const view = viewOf({ ...message('a', 1, '', 'owner'), attachments: [file('f1', 'shot.png', true), file('f2', 'quote.pdf', false)] }, origin, 'tok/+=');
    expect(view.body).toBe('');
    expect(view.attachments).toEqual([
      { filename: 'shot.png', href: `${origin}/api/widget/conversations/c1/attachments/f1?token=tok%2F%2B%3D`, thumbnail: `${origin}/api/widget/conversations/c1/attachments/f1/thumbnail?token=tok%2F%2B%3D`, size: '2 KB' },
      { filename: 'quote.pdf', href: `${origin}/api/widget/conversations/c1/attachments/f2?token=tok%2F%2B%3D`, thumbnail: null, size: '2 KB' },
    ]);
  });

  it('never links anything but a visitor attachment path of the API origin', () => {
    const odd = [
      { ...file('x', 'a.png', true), url: 'javascript:alert(1)' },
      { ...file('y', 'b.png', true), url: 'https://evil.example/api/widget/conversations/c1/attachments/y' },
      { ...file('z', 'c.png', true), url: '/api/conversations/c1/attachments/z' },
    ];
    expect(viewOf({ ...message('a', 1, 'x', 'owner'), attachments: odd }, origin, 't').attachments).toEqual([]);
  });
});

describe('findUpload', () => {
  it('finds the visitor’s message carrying that file after the attempt', () => {
    const carrying = (id: string, second: number, author: ChatMessage['author'], filename: string, size: number): ChatMessage => ({
      ...message(id, second, '', author),
      attachments: [{ id: `f${id}`, filename, contentType: 'image/png', size, createdAt: at(second), url: '/u', thumbnailUrl: null }],
    });
    const history = [carrying('a', 1, 'visitor', 'shot.png', 100), carrying('b', 3, 'owner', 'shot.png', 200), carrying('c', 5, 'visitor', 'shot.png', 200)];
    expect(findUpload(history, 'shot.png', 200, at(2))?.id).toBe('c');
    expect(findUpload(history, 'shot.png', 100, at(2))).toBeUndefined();
    expect(findUpload(history, 'other.png', 200, at(2))).toBeUndefined();
    expect(findUpload([message('m', 9, 'shot.png')], 'shot.png', 200, '')).toBeUndefined();
  });
});
