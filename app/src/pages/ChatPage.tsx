import { useRef, useState } from 'react';
import { api } from '../api';
import { ChatViews } from '../components/ChatViews';
import { ConversationList } from '../components/ConversationList';
import { ConversationThread } from '../components/ConversationThread';
import { Icon } from '../components/Icon';
import { GettingStarted } from '../components/GettingStarted';
import { EmptyState, ErrorNotice } from '../components/ui';
import { useDebouncedCallback, useResource, useTitle } from '../hooks';
import { appendPage, applyLiveConversation, chatFilters, mergeFirstPage } from '../inbox';
import { useLiveEvents } from '../live';
import { Link, useLocation } from '../router';
import { useSession } from '../session';
import type { Conversation, Page } from '../types';
import { useTranslation } from 'react-i18next';

export function ChatPage({ conversationId }: { conversationId: string | null }) {
  const { t } = useTranslation();
  useTitle(t('nav.chat'));
  const { me } = useSession();
  const { search } = useLocation();
  const filters = chatFilters(search);
  const filterKey = `${filters.status}|${filters.assignee ?? ''}|${filters.visitorEmail ?? ''}`;
  const list = useResource<Page<Conversation>>(() => api.listConversations(filters), [filterKey]);
  const [loadingMore, setLoadingMore] = useState(false);
  // Links keep the chosen tab and view while moving between conversations.
  const query = search.toString() ? `?${search.toString()}` : '';

  const currentKey = useRef(filterKey);
  currentKey.current = filterKey;
  const refreshList = () => {
    const key = filterKey;
    api.listConversations(filters).then(
      // An answer for filters the user has since left is dropped.
      (page) => key === currentKey.current && list.setData((current) => ({
        items: mergeFirstPage(page, current?.items ?? []),
        nextCursor: current?.nextCursor ?? page.nextCursor,
      })),
      () => list.reload(),
    );
  };
  const refreshSoon = useDebouncedCallback(refreshList, 150);

  const apply = (conversation: Conversation, options: { unreadDelta?: number; read?: boolean } = {}) => {
    if (!list.data) return refreshSoon();
    list.setData((current) => current && {
      ...current,
      items: applyLiveConversation(current.items, conversation, { filters, meId: me.user.id, ...options }),
    });
  };

  useLiveEvents((event) => {
    switch (event.type) {
      case 'conversation.created':
      case 'message.created': {
        // The open thread marks its own messages read (and reports it through onRead).
        const counts = event.message.author === 'visitor' && event.conversation.id !== conversationId;
        const { conversation, message } = event;
        // The event's message names its author; the conversation's lastMessage does not.
        const lastMessage = conversation.lastMessage && { ...conversation.lastMessage, authorUser: message.authorUser ?? null };
        apply({ ...conversation, lastMessage }, { unreadDelta: counts ? 1 : 0 });
        break;
      }
      case 'conversation.updated': {
        const known = list.data?.items.some((c) => c.id === event.conversation.id);
        // A conversation that now joins this view (e.g. reopened) comes with its unread count from the server.
        if (!known) refreshSoon();
        else apply(event.conversation, { read: event.read && event.actor?.id === me.user.id });
        break;
      }
      case 'conversation.deleted':
        list.setData((current) => current && { ...current, items: current.items.filter((c) => c.id !== event.conversationId) });
        break;
      case 'live.resync':
        refreshSoon();
        break;
    }
  });

  const markedRead = (id: string) =>
    list.setData((current) => current && { ...current, items: current.items.map((c) => (c.id === id ? { ...c, unreadCount: 0 } : c)) });

  const loadMore = async () => {
    const cursor = list.data?.nextCursor;
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const page = await api.listConversations(filters, cursor);
      list.setData((current) => ({ items: appendPage(current?.items ?? [], page.items), nextCursor: page.nextCursor }));
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <div className={conversationId ? 'chat has-thread' : 'chat'}>
      <section className="chat-list" aria-labelledby="chat-list-title">
        <header className="chat-list-header">
          <h1 id="chat-list-title">{t('nav.chat')}</h1>
          <ChatViews filters={filters} />
        </header>
        <GettingStarted />
        <div id="conversations-panel" role="tabpanel" aria-labelledby={`chat-tab-${filters.status}`} aria-busy={list.loading}>
          <ErrorNotice error={list.error} onRetry={list.reload} />
          <ConversationList
            conversations={list.data?.items ?? (list.error ? [] : undefined)}
            filters={filters}
            selectedId={conversationId}
            query={query}
            nextCursor={list.data?.nextCursor}
            loadingMore={loadingMore}
            onLoadMore={loadMore}
          />
        </div>
      </section>
      <section className="chat-thread" aria-label={t('chat.conversation')}>
        {/* Phones show the list or the thread, not both: this leads back to the list (hidden on wide screens). */}
        {conversationId && (
          <Link to={`/chat${query}`} className="back-link">
            <Icon name="back" />
            {t('chat.allConversations')}
          </Link>
        )}
        {conversationId ? (
          <ConversationThread key={conversationId} conversationId={conversationId} onChanged={refreshSoon} onRead={markedRead} />
        ) : (
          <EmptyState title={t('chat.select')}>
            {t('chat.selectHelp')}
          </EmptyState>
        )}
      </section>
    </div>
  );
}
