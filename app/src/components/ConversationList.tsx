import { countryLabel, visitorLabel } from '../format';
import { Link } from '../router';
import type { Conversation } from '../types';
import { isUnread, lastActivity } from '../unread';
import { EmptyState, LoadMore, RelativeTime, SkeletonRows } from './ui';

interface Props {
  conversations: Conversation[] | undefined;
  selectedId: string | null;
  seen: Record<string, string>;
  nextCursor: string | null | undefined;
  loadingMore: boolean;
  onLoadMore: () => void;
}

export function ConversationList({ conversations, selectedId, seen, nextCursor, loadingMore, onLoadMore }: Props) {
  if (!conversations) return <SkeletonRows count={6} />;
  if (conversations.length === 0) {
    return (
      <EmptyState title="No conversations yet">
        Add the chat widget to your site (see Settings); conversations show up here live.
      </EmptyState>
    );
  }
  return (
    <>
      <ul className="conversation-list" aria-label="Conversations">
        {conversations.map((conversation) => {
          const unread = conversation.id !== selectedId && isUnread(conversation, seen);
          const preview = conversation.lastMessage?.body ?? '';
          return (
            <li key={conversation.id}>
              <Link
                to={`/chat/${encodeURIComponent(conversation.id)}`}
                className={unread ? 'conversation-item unread' : 'conversation-item'}
                aria-current={conversation.id === selectedId ? 'page' : undefined}
                data-conversation-id={conversation.id}
              >
                <span className="conversation-top">
                  <span className="conversation-name">
                    {unread && <span className="unread-dot" aria-label="Unread" role="img" />}
                    <span className="truncate">{visitorLabel(conversation.visitor)}</span>
                  </span>
                  <span className="muted small">
                    <RelativeTime iso={lastActivity(conversation)} />
                  </span>
                </span>
                <span className="conversation-preview">
                  {conversation.lastMessage?.author === 'owner' && <span className="muted">You: </span>}
                  {preview || <span className="muted">No messages</span>}
                </span>
                {conversation.country && <span className="conversation-meta muted small">{countryLabel(conversation.country)}</span>}
              </Link>
            </li>
          );
        })}
      </ul>
      <LoadMore cursor={nextCursor} loading={loadingMore} onMore={onLoadMore} />
    </>
  );
}
