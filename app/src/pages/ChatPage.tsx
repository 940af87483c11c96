import { useCallback, useEffect, useState } from 'react';
import { api } from '../api';
import { ConversationList } from '../components/ConversationList';
import { ConversationThread } from '../components/ConversationThread';
import { EmptyState, ErrorNotice } from '../components/ui';
import { useDebouncedCallback, useResource, useTitle } from '../hooks';
import { useLiveEvents } from '../live';
import type { Conversation, Page } from '../types';
import { lastActivity, markSeen, readSeen } from '../unread';

const byActivity = (a: Conversation, b: Conversation) => lastActivity(b).localeCompare(lastActivity(a));

/**
 * A refreshed first page replaces everything it covers; conversations older than it (loaded with
 * "Load more") are kept. Newest activity first.
 */
function mergeFirstPage(fresh: Page<Conversation>, old: Conversation[]): Conversation[] {
  if (!fresh.nextCursor || fresh.items.length === 0) return [...fresh.items].sort(byActivity);
  const ids = new Set(fresh.items.map((c) => c.id));
  const oldest = fresh.items.map(lastActivity).sort()[0]!;
  return [...fresh.items, ...old.filter((c) => !ids.has(c.id) && lastActivity(c) < oldest)].sort(byActivity);
}

/** A conversation as a live event presents it replaces its old copy (or joins the list). */
function upsert(list: Conversation[], conversation: Conversation): Conversation[] {
  return [conversation, ...list.filter((c) => c.id !== conversation.id)].sort(byActivity);
}

function appendPage(current: Conversation[], next: Conversation[]): Conversation[] {
  const ids = new Set(current.map((c) => c.id));
  return [...current, ...next.filter((c) => !ids.has(c.id))];
}

export function ChatPage({ conversationId }: { conversationId: string | null }) {
  useTitle('Chat');
  const list = useResource<Page<Conversation>>(() => api.listConversations(), []);
  const [loadingMore, setLoadingMore] = useState(false);
  const [seen, setSeen] = useState(readSeen);

  const refreshList = useCallback(() => {
    api.listConversations().then(
      (page) => list.setData((current) => ({
        items: mergeFirstPage(page, current?.items ?? []),
        nextCursor: current?.nextCursor ?? page.nextCursor,
      })),
      () => list.reload(),
    );
  }, [list]);
  const refreshSoon = useDebouncedCallback(refreshList, 150);

  useLiveEvents((event) => {
    if (event.type === 'conversation.created' || event.type === 'message.created') {
      if (list.data) list.setData((current) => current && { ...current, items: upsert(current.items, event.conversation) });
      else refreshSoon();
    } else if (event.type === 'conversation.deleted') {
      list.setData((current) => current && { ...current, items: current.items.filter((c) => c.id !== event.conversationId) });
    } else if (event.type === 'live.resync') {
      refreshSoon();
    }
  });

  // The open conversation counts as read, including messages that arrive while it is open.
  const selected = list.data?.items.find((c) => c.id === conversationId);
  useEffect(() => {
    if (!selected) return;
    markSeen(selected);
    setSeen(readSeen());
  }, [selected]);

  const loadMore = async () => {
    const cursor = list.data?.nextCursor;
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const page = await api.listConversations(cursor);
      list.setData((current) => ({ items: appendPage(current?.items ?? [], page.items), nextCursor: page.nextCursor }));
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <div className="chat">
      <section className="chat-list" aria-labelledby="chat-list-title">
        <header className="chat-list-header">
          <h1 id="chat-list-title">Chat</h1>
        </header>
        <ErrorNotice error={list.error} onRetry={list.reload} />
        <ConversationList
          conversations={list.data?.items ?? (list.error ? [] : undefined)}
          selectedId={conversationId}
          seen={seen}
          nextCursor={list.data?.nextCursor}
          loadingMore={loadingMore}
          onLoadMore={loadMore}
        />
      </section>
      <section className="chat-thread" aria-label="Conversation">
        {conversationId ? (
          <ConversationThread key={conversationId} conversationId={conversationId} onChanged={refreshSoon} />
        ) : (
          <EmptyState title="Select a conversation">
            New conversations from your website appear on the left as they start.
          </EmptyState>
        )}
      </section>
    </div>
  );
}
