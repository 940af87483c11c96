import { describe, expect, it } from 'vitest';
import { savedReplyProblem } from './components/SavedRepliesSettings';
import {
  applyLiveConversation, authorLabel, chatFilters, fillSavedReply, filterSavedReplies, matchesFilters, slashQuery,
} from './inbox';
import type { Conversation, ConversationFilters } from './inbox';
import type { SavedReply } from '../../shared/schemas/saved-replies';

const ME = 'user-me';
const conversation = (over: Partial<Conversation> = {}): Conversation => ({
  id: 'c1',
  visitor: { name: 'Vera', email: 'Vera@Example.com', browser: null, os: null, locale: null },
  pageUrl: null,
  country: null,
  lastMessage: { body: 'hi', author: 'visitor', createdAt: '2026-12-01T10:00:00.000Z' },
  status: 'open',
  assignee: null,
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
  ...over,
});
const filters = (over: Partial<ConversationFilters> = {}): ConversationFilters => ({ status: 'open', assignee: null, visitorEmail: null, ...over });
const reply = (shortcut: string, title: string, body = 'x'): SavedReply => ({ id: shortcut, shortcut, title, body, createdAt: '', updatedAt: '' });

describe('inbox logic', () => {
  it('reads the list filters from the URL, open by default', () => {
    expect(chatFilters(new URLSearchParams(''))).toEqual({ status: 'open', assignee: null, visitorEmail: null });
    expect(chatFilters(new URLSearchParams('status=resolved&assignee=me'))).toEqual({ status: 'resolved', assignee: 'me', visitorEmail: null });
    expect(chatFilters(new URLSearchParams('status=bogus&visitorEmail=%20a%40b.c%20'))).toEqual({ status: 'open', assignee: null, visitorEmail: 'a@b.c' });
  });

  it('matches conversations against status, assignee and visitor email', () => {
    const mine = conversation({ assignee: { id: ME, name: 'Me' } });
    expect(matchesFilters(mine, filters({ assignee: 'me' }), ME)).toBe(true);
    expect(matchesFilters(mine, filters({ assignee: 'none' }), ME)).toBe(false);
    expect(matchesFilters(conversation(), filters({ assignee: 'none' }), ME)).toBe(true);
    expect(matchesFilters(mine, filters({ assignee: 'other' }), ME)).toBe(false);
    expect(matchesFilters(mine, filters({ status: 'resolved' }), ME)).toBe(false);
    expect(matchesFilters(mine, filters({ status: 'all' }), ME)).toBe(true);
    expect(matchesFilters(mine, filters({ visitorEmail: 'vera@example.COM' }), ME)).toBe(true);
    expect(matchesFilters(mine, filters({ visitorEmail: 'other@example.com' }), ME)).toBe(false);
  });

  it('applies live copies: keeps and bumps the unread count, drops what left the view', () => {
    const list = [conversation({ unreadCount: 2 }), conversation({ id: 'c2', lastMessage: null })];
    const bumped = applyLiveConversation(list, conversation({ lastMessage: { body: 'more', author: 'visitor', createdAt: '2026-12-01T11:00:00.000Z' } }), { filters: filters(), meId: ME, unreadDelta: 1 });
    expect(bumped.map((c) => [c.id, c.unreadCount ?? 0])).toEqual([['c1', 3], ['c2', 0]]);
    const read = applyLiveConversation(bumped, conversation(), { filters: filters(), meId: ME, read: true });
    expect(read.find((c) => c.id === 'c1')!.unreadCount).toBe(0);
    const resolved = applyLiveConversation(bumped, conversation({ status: 'resolved' }), { filters: filters(), meId: ME });
    expect(resolved.map((c) => c.id)).toEqual(['c2']);
    const replied = applyLiveConversation(
      [conversation({ lastMessage: { body: 'ok', author: 'owner', authorUser: { id: 'mate', name: 'Mia' }, createdAt: '2026-12-01T12:00:00.000Z' } })],
      conversation({ status: 'open', lastMessage: { body: 'ok', author: 'owner', createdAt: '2026-12-01T12:00:00.000Z' } }),
      { filters: filters(), meId: ME },
    );
    expect(replied[0]!.lastMessage!.authorUser).toEqual({ id: 'mate', name: 'Mia' });
    const joined = applyLiveConversation([], conversation({ id: 'c3' }), { filters: filters(), meId: ME, unreadDelta: 1 });
    expect(joined).toMatchObject([{ id: 'c3', unreadCount: 1 }]);
  });

  it('labels authors: You only for my own messages', () => {
    expect(authorLabel({ author: 'owner', authorUser: { id: ME, name: 'Olive' } }, ME)).toBe('You');
    expect(authorLabel({ author: 'owner', authorUser: { id: 'mate', name: 'Mia Mate' } }, ME)).toBe('Mia Mate');
    expect(authorLabel({ author: 'owner', authorUser: null }, ME)).toBe('Team');
    expect(authorLabel({ author: 'visitor', authorUser: null }, ME)).toBe('Visitor');
  });

  it('fills saved replies and finds them by shortcut or title', () => {
    expect(fillSavedReply('Hi {{visitor.name}}, {{ visitor.name }}!', { name: ' Vera ', email: null })).toBe('Hi Vera, Vera!');
    expect(fillSavedReply('Hi {{visitor.name}}', { name: null, email: 'a@b.c' })).toBe('Hi there');
    expect(fillSavedReply('Hi {{visitor.name}}', null)).toBe('Hi there');
    expect(slashQuery('/')).toBe('');
    expect(slashQuery('/Ref')).toBe('ref');
    expect(slashQuery('/ref ')).toBeNull();
    expect(slashQuery('hello /ref')).toBeNull();
    const all = [reply('hello', 'Greeting'), reply('refund', 'Refund policy'), reply('shipping', 'When is my refund shipped')];
    expect(filterSavedReplies(all, '').map((r) => r.shortcut)).toEqual(['hello', 'refund', 'shipping']);
    expect(filterSavedReplies(all, 'ref').map((r) => r.shortcut)).toEqual(['refund', 'shipping']);
    expect(filterSavedReplies(all, 'zzz')).toEqual([]);
  });

  it('checks saved replies as the server does', () => {
    expect(savedReplyProblem({ shortcut: 'refund', title: 'Refunds', body: 'Sure' })).toBeNull();
    expect(savedReplyProblem({ shortcut: 'has space', title: 'x', body: 'y' })).toMatch(/shortcut/);
    expect(savedReplyProblem({ shortcut: 'a'.repeat(33), title: 'x', body: 'y' })).toMatch(/shortcut/);
    expect(savedReplyProblem({ shortcut: 'ok', title: ' ', body: 'y' })).toMatch(/title/);
    expect(savedReplyProblem({ shortcut: 'ok', title: 'x', body: '' })).toMatch(/text/);
  });
});
