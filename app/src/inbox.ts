import { t } from './i18n';
import type { ConversationStatus, ConversationSummary, Message, UserRef, Visitor } from '../../shared/schemas/chat';
import type { SavedReply } from '../../shared/schemas/saved-replies';

/**
 * A conversation as the chat list keeps it. The API's `lastMessage` never names the teammate who
 * wrote it; the list adds `authorUser` from the live `message.created` event that brought the message.
 */
export type Conversation = Omit<ConversationSummary, 'lastMessage'> & {
  lastMessage: (NonNullable<ConversationSummary['lastMessage']> & { authorUser?: UserRef | null }) | null;
};

export interface ConversationFilters {
  status: ConversationStatus | 'all';
  /** `me`, `none`, a user id, or null for everyone's. */
  assignee: string | null;
  visitorEmail: string | null;
}

/** The chat list's filters live in the URL: `status` (default open), `assignee` (me|none|<id>), `visitorEmail`. */
export function chatFilters(search: URLSearchParams): ConversationFilters {
  const status = search.get('status');
  return {
    status: status === 'resolved' || status === 'all' ? status : 'open',
    assignee: search.get('assignee') || null,
    visitorEmail: search.get('visitorEmail')?.trim() || null,
  };
}

/** Whether a conversation (e.g. from a live event) belongs in a list with these filters. */
export function matchesFilters(conversation: Conversation, filters: ConversationFilters, meId: string): boolean {
  const status = conversation.status ?? 'open';
  if (filters.status !== 'all' && status !== filters.status) return false;
  const assigneeId = conversation.assignee?.id ?? null;
  if (filters.assignee === 'me' && assigneeId !== meId) return false;
  if (filters.assignee === 'none' && assigneeId !== null) return false;
  if (filters.assignee && filters.assignee !== 'me' && filters.assignee !== 'none' && assigneeId !== filters.assignee) return false;
  if (filters.visitorEmail && conversation.visitor?.email?.toLowerCase() !== filters.visitorEmail.toLowerCase()) return false;
  return true;
}

export function lastActivity(conversation: Conversation): string {
  return conversation.lastMessage?.createdAt ?? conversation.updatedAt;
}

const byActivity = (a: Conversation, b: Conversation) => lastActivity(b).localeCompare(lastActivity(a));

/**
 * Applies a conversation as a live event presents it: it replaces its old copy (keeping the
 * per-user `unreadCount`, which events never carry, plus `unreadDelta`), joins the list when it now
 * matches the filters, and leaves the list when it no longer does (e.g. resolved while on Open).
 */
export function applyLiveConversation(
  list: Conversation[],
  incoming: Conversation,
  options: { filters: ConversationFilters; meId: string; unreadDelta?: number; read?: boolean },
): Conversation[] {
  const old = list.find((c) => c.id === incoming.id);
  const others = list.filter((c) => c.id !== incoming.id);
  if (!matchesFilters(incoming, options.filters, options.meId)) return others;
  const unreadCount = options.read ? 0 : (old?.unreadCount ?? 0) + (options.unreadDelta ?? 0);
  // A copy without the last reply's author keeps the one already known for that same message.
  let lastMessage = incoming.lastMessage;
  const known = old?.lastMessage;
  if (lastMessage && lastMessage.authorUser === undefined && known && known.createdAt === lastMessage.createdAt) {
    lastMessage = { ...lastMessage, authorUser: known.authorUser };
  }
  return [...others, { ...old, ...incoming, lastMessage, unreadCount }].sort(byActivity);
}

/** "You" for the signed-in user's own messages, the teammate's name for the others'. */
export function authorLabel(message: Pick<Message, 'author' | 'authorUser'>, meId: string): string {
  if (message.author === 'visitor') return t('common.visitor');
  if (!message.authorUser) return t('common.team');
  return message.authorUser.id === meId ? t('common.you') : message.authorUser.name || t('common.teammate');
}

/** Fills a saved reply's placeholders; a visitor without a name is greeted as "there". */
export function fillSavedReply(body: string, visitor: Pick<Visitor, 'name' | 'email'> | null | undefined): string {
  const name = visitor?.name?.trim() || 'there';
  return body.replace(/\{\{\s*visitor\.name\s*\}\}/g, name);
}

/**
 * The saved-reply query when the draft is a `/` command at its very start (`/ref` → "ref"), else
 * null. The list closes as soon as the command is followed by a space or a new line.
 */
export function slashQuery(draft: string): string | null {
  const match = /^\/([^\s/]*)$/.exec(draft);
  return match ? match[1]!.toLowerCase() : null;
}

/** Saved replies whose shortcut starts with the query first, then those whose shortcut or title contains it. */
export function filterSavedReplies(replies: SavedReply[], query: string): SavedReply[] {
  const q = query.toLowerCase();
  if (!q) return replies;
  const starts = replies.filter((r) => r.shortcut.startsWith(q));
  const contains = replies.filter((r) => !r.shortcut.startsWith(q) && (r.shortcut.includes(q) || r.title.toLowerCase().includes(q)));
  return [...starts, ...contains];
}
