import { countryLabel, visitorLabel } from '../format';
import { lastActivity } from '../inbox';
import { Link } from '../router';
import { useSession } from '../session';
import { useTyping } from '../typing';
import type { Conversation, ConversationFilters } from '../inbox';
import { Icon } from './Icon';
import { EmptyState, LoadMore, RelativeTime, SkeletonRows } from './ui';
import { useTranslation } from 'react-i18next';
import { t } from '../i18n';
import { Rich } from '../i18n/Rich';

interface Props {
  conversations: Conversation[] | undefined;
  filters: ConversationFilters;
  selectedId: string | null;
  /** The list's search string (`?status=…`), kept on the conversation links. */
  query: string;
  nextCursor: string | null | undefined;
  loadingMore: boolean;
  onLoadMore: () => void;
}

function emptyText(filters: ConversationFilters): string {
  if (filters.visitorEmail) return t('chat.empty.visitor');
  if (filters.assignee === 'me') return filters.status === 'resolved' ? t('chat.empty.mineResolved') : t('chat.empty.mine');
  if (filters.assignee === 'none') return t('chat.empty.unassigned');
  if (filters.status === 'resolved') return t('chat.empty.resolved');
  return filters.status === 'open' ? t('chat.empty.open') : t('chat.empty.none');
}

export function ConversationList({ conversations, filters, selectedId, query, nextCursor, loadingMore, onLoadMore }: Props) {
  useTranslation();
  const { me } = useSession();
  const typing = useTyping();
  if (!conversations) return <SkeletonRows count={6} />;
  if (conversations.length === 0) {
    const everything = filters.status !== 'resolved' && !filters.assignee && !filters.visitorEmail;
    return (
      <EmptyState title={everything ? t('chat.empty.none') : emptyText(filters)}>
        {everything && (
          <Rich
            text={t('chat.empty.help')}
            tags={{ settings: (c) => <Link to="/settings">{c}</Link>, demo: (c) => <a href="/demo">{c}</a> }}
          />
        )}
      </EmptyState>
    );
  }
  return (
    <>
      <ul className="conversation-list" aria-label={t('chat.conversations')}>
        {conversations.map((conversation) => {
          const unreadCount = conversation.id === selectedId ? 0 : conversation.unreadCount ?? 0;
          const last = conversation.lastMessage;
          const preview = last?.body || (last ? t('chat.sentFile') : '');
          // Lists do not say which teammate wrote the last reply (live events do): then it is just "Reply".
          const replier = last?.author !== 'owner' ? null : !last.authorUser ? t('chat.reply') : last.authorUser.id === me.user.id ? t('common.you') : last.authorUser.name;
          const visitorTyping = typing.get(conversation.id)?.visitor;
          return (
            <li key={conversation.id}>
              <Link
                to={`/chat/${encodeURIComponent(conversation.id)}${query}`}
                className={unreadCount > 0 ? 'conversation-item unread' : 'conversation-item'}
                aria-current={conversation.id === selectedId ? 'page' : undefined}
                data-conversation-id={conversation.id}
              >
                <span className="conversation-top">
                  <span className="conversation-name">
                    <span className="truncate">{visitorLabel(conversation.visitor)}</span>
                  </span>
                  {unreadCount > 0 && (
                    <span className="unread-count" role="img" aria-label={t('layout.countUnread', { count: unreadCount })}>
                      {unreadCount > 99 ? '99+' : unreadCount}
                    </span>
                  )}
                  <span className="muted small">
                    <RelativeTime iso={lastActivity(conversation)} />
                  </span>
                </span>
                <span className="conversation-preview">
                  {visitorTyping ? (
                    <span className="typing-text">{t('chat.typing')}</span>
                  ) : (
                    <>
                      {replier && <span className="muted">{t('chat.replier', { name: replier })} </span>}
                      {preview || <span className="muted">{t('chat.noMessages')}</span>}
                    </>
                  )}
                </span>
                <span className="conversation-meta muted small">
                  {conversation.status === 'resolved' && <span className="badge status-closed">{t('chat.resolvedBadge')}</span>}
                  {conversation.assignee && (
                    <span className="conversation-assignee truncate">
                      <Icon name="user" size={12} />
                      <span className="visually-hidden">{t('chat.assignedToPrefix')} </span>
                      {conversation.assignee.id === me.user.id ? t('chat.assigneeYou') : conversation.assignee.name}
                    </span>
                  )}
                  {conversation.country && <span>{countryLabel(conversation.country)}</span>}
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
      <LoadMore cursor={nextCursor} loading={loadingMore} onMore={onLoadMore} />
    </>
  );
}
