import { countryLabel, visitorLabel } from '../format';
import { lastActivity } from '../inbox';
import { Link } from '../router';
import { useSession } from '../session';
import { useTyping } from '../typing';
import type { Conversation, ConversationFilters } from '../inbox';
import { Icon } from './Icon';
import { EmptyState, LoadMore, RelativeTime, SkeletonRows } from './ui';

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
  if (filters.visitorEmail) return 'No conversations with this visitor here.';
  if (filters.assignee === 'me') return filters.status === 'resolved' ? 'You have not resolved any conversations.' : 'Nothing assigned to you.';
  if (filters.assignee === 'none') return 'No unassigned conversations.';
  if (filters.status === 'resolved') return 'No resolved conversations yet.';
  return filters.status === 'open' ? 'No open conversations.' : 'No conversations yet';
}

export function ConversationList({ conversations, filters, selectedId, query, nextCursor, loadingMore, onLoadMore }: Props) {
  const { me } = useSession();
  const typing = useTyping();
  if (!conversations) return <SkeletonRows count={6} />;
  if (conversations.length === 0) {
    const everything = filters.status !== 'resolved' && !filters.assignee && !filters.visitorEmail;
    return (
      <EmptyState title={everything ? 'No conversations yet' : emptyText(filters)}>
        {everything && (
          <>
            Add the chat widget to your site (the snippet is in <Link to="/settings">Settings</Link>), or try it now on{' '}
            <a href="/demo">your demo page</a>. Conversations show up here live.
          </>
        )}
      </EmptyState>
    );
  }
  return (
    <>
      <ul className="conversation-list" aria-label="Conversations">
        {conversations.map((conversation) => {
          const unreadCount = conversation.id === selectedId ? 0 : conversation.unreadCount ?? 0;
          const last = conversation.lastMessage;
          const preview = last?.body || (last ? 'Sent a file' : '');
          // Lists do not say which teammate wrote the last reply (live events do): then it is just "Reply".
          const replier = last?.author !== 'owner' ? null : !last.authorUser ? 'Reply' : last.authorUser.id === me.user.id ? 'You' : last.authorUser.name;
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
                    <span className="unread-count" role="img" aria-label={`${unreadCount} unread`}>
                      {unreadCount > 99 ? '99+' : unreadCount}
                    </span>
                  )}
                  <span className="muted small">
                    <RelativeTime iso={lastActivity(conversation)} />
                  </span>
                </span>
                <span className="conversation-preview">
                  {visitorTyping ? (
                    <span className="typing-text">typing…</span>
                  ) : (
                    <>
                      {replier && <span className="muted">{replier}: </span>}
                      {preview || <span className="muted">No messages</span>}
                    </>
                  )}
                </span>
                <span className="conversation-meta muted small">
                  {conversation.status === 'resolved' && <span className="badge status-closed">Resolved</span>}
                  {conversation.assignee && (
                    <span className="conversation-assignee truncate">
                      <Icon name="user" size={12} />
                      <span className="visually-hidden">Assigned to </span>
                      {conversation.assignee.id === me.user.id ? 'you' : conversation.assignee.name}
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
