import { ChatViews } from '../components/ChatViews';
import { ConversationList } from '../components/ConversationList';
import { ConversationThread } from '../components/ConversationThread';
import { Icon } from '../components/Icon';
import { GettingStarted } from '../components/GettingStarted';
import { EmptyState, ErrorNotice } from '../components/ui';
import { useDebouncedCallback, useTitle } from '../hooks';
import { applyLiveConversation, chatFilters, type Conversation } from '../inbox';
import { useLiveEvents } from '../live';
import { useConversationList } from '../query';
import { Link, useLocation } from '../router';
import { useSession } from '../session';
import { useTranslation } from 'react-i18next';

export function ChatPage({ conversationId }: { conversationId: string | null }) {
  const { t } = useTranslation();
  useTitle(t('nav.chat'));
  const { me } = useSession();
  const { search } = useLocation();
  const filters = chatFilters(search);
  const list = useConversationList(filters);
  // Links keep the chosen tab and view while moving between conversations.
  const query = search.toString() ? `?${search.toString()}` : '';

  // Refetches every loaded page (the query's key drops an answer for filters the user has since left).
  const refreshSoon = useDebouncedCallback(list.reload, 150);

  const apply = (conversation: Conversation, options: { unreadDelta?: number; read?: boolean } = {}) => {
    if (!list.items) return refreshSoon();
    list.setItems((items) => applyLiveConversation(items, conversation, { filters, meId: me.user.id, ...options }));
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
        const known = list.items?.some((c) => c.id === event.conversation.id);
        // A conversation that now joins this view (e.g. reopened) comes with its unread count from the server.
        if (!known) refreshSoon();
        else apply(event.conversation, { read: event.read && event.actor?.id === me.user.id });
        break;
      }
      case 'conversation.deleted':
        list.setItems((items) => items.filter((c) => c.id !== event.conversationId));
        break;
      // live.resync: query.ts refetches every list shown.
    }
  });

  const markedRead = (id: string) => list.setItems((items) => items.map((c) => (c.id === id ? { ...c, unreadCount: 0 } : c)));

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
            conversations={list.items ?? (list.error ? [] : undefined)}
            filters={filters}
            selectedId={conversationId}
            query={query}
            nextCursor={list.nextCursor}
            loadingMore={list.loadingMore}
            onLoadMore={list.loadMore}
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
