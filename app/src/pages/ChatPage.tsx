import { useCallback, useEffect, useState } from 'react';
import { api } from '../api';
import { ConversationList } from '../components/ConversationList';
import { ConversationThread } from '../components/ConversationThread';
import { EmptyState, ErrorNotice } from '../components/ui';
import { useDebouncedCallback, useResource, useTitle } from '../hooks';
import { useLiveEvents } from '../live';
import type { Conversation, Page } from '../types';
import { lastActivity, markSeen, readSeen } from '../unread';

/** Newest activity first; a refreshed first page wins over older copies of the same conversation. */
function mergeConversations(fresh: Conversation[], old: Conversation[]): Conversation[] {
  const ids = new Set(fresh.map((c) => c.id));
  return [...fresh, ...old.filter((c) => !ids.has(c.id))].sort((a, b) => lastActivity(b).localeCompare(lastActivity(a)));
}

export function ChatPage({ conversationId }: { conversationId: string | null }) {
  useTitle('Chat');
  const list = useResource<Page<Conversation>>(() => api.listConversations(), []);
  const [loadingMore, setLoadingMore] = useState(false);
  const [seen, setSeen] = useState(readSeen);

  const refreshList = useCallback(() => {
    api.listConversations().then(
      (page) => list.setData((current) => ({
        items: mergeConversations(page.items, current?.items ?? []),
        nextCursor: current?.nextCursor ?? page.nextCursor,
      })),
      () => list.reload(),
    );
  }, [list]);
  const refreshSoon = useDebouncedCallback(refreshList, 150);

  useLiveEvents((event) => {
    if (event.type === 'conversation.deleted') {
      const id = String(event.data.id ?? event.data.conversationId ?? '');
      list.setData((current) => current && { ...current, items: current.items.filter((c) => c.id !== id) });
    }
    if (event.type.startsWith('conversation.') || event.type === 'message.created' || event.type === 'live.resync') {
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
      list.setData((current) => ({ items: mergeConversations(current?.items ?? [], page.items), nextCursor: page.nextCursor }));
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
