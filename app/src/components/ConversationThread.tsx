import { useEffect, useRef, useState } from 'react';
import { refreshUnread } from '../alerts/unread';
import { api } from '../api';
import { useResource } from '../hooks';
import { useLiveEvents } from '../live';
import { Link } from '../router';
import { useSession } from '../session';
import type { ConversationSummary as Conversation, ConversationDetail, Message } from '../../../shared/schemas/chat';
import type { TicketSummary } from '../../../shared/schemas/tickets';
import { MessageList } from './MessageList';
import { ReplyBox } from './ReplyBox';
import { SourceTickets } from './SourceTickets';
import { ThreadHeader } from './ThreadHeader';
import { EmptyState, ErrorNotice, Loading } from './ui';
import { useTranslation } from 'react-i18next';

interface Props {
  conversationId: string;
  /** The list should refetch (a reply moved the conversation, it was deleted). */
  onChanged: () => void;
  /** The user has read this conversation (its unread count is 0 now). */
  onRead: (conversationId: string) => void;
}

export function ConversationThread({ conversationId, onChanged, onRead }: Props) {
  const { t } = useTranslation();
  const { me } = useSession();
  const detail = useResource<ConversationDetail>(() => api.getConversation(conversationId), [conversationId]);
  const [deleted, setDeleted] = useState(false);
  const markRead = useMarkRead(conversationId, onRead);
  const loaded = !!detail.data;

  // Viewing the thread reads it (on every device of this user: the server keeps the read state).
  useEffect(() => {
    if (loaded) markRead();
  }, [loaded, markRead]);

  const appendMessage = (message: Message) =>
    detail.setData((current) =>
      current && !current.messages.some((m) => m.id === message.id)
        ? { ...current, messages: [...current.messages, message] }
        : current,
    );
  const mergeConversation = (conversation: Conversation) =>
    detail.setData((current) => current && {
      ...current,
      // previousConversations is only on GET /{id}; live copies leave it out.
      conversation: {
        ...current.conversation,
        ...conversation,
        visitor: conversation.visitor && { ...conversation.visitor, previousConversations: current.conversation.visitor?.previousConversations },
      },
    });
  const upsertTicket = ({ id, number, title, status }: TicketSummary) =>
    detail.setData((current) => {
      if (!current) return current;
      const others = current.tickets.filter((ticket) => ticket.id !== id);
      const known = others.length !== current.tickets.length;
      const summary = { id, number, title, status };
      return { ...current, tickets: known ? current.tickets.map((ticket) => (ticket.id === id ? summary : ticket)) : [...others, summary] };
    });

  useLiveEvents((event) => {
    switch (event.type) {
      case 'conversation.deleted':
        if (event.conversationId === conversationId) setDeleted(true);
        break;
      case 'message.created':
        if (event.conversation.id !== conversationId) break;
        appendMessage(event.message);
        mergeConversation(event.conversation);
        if (event.message.author === 'visitor') markRead();
        break;
      case 'conversation.updated':
        if (event.conversation.id === conversationId) mergeConversation(event.conversation);
        break;
      case 'ticket.created':
      case 'ticket.updated':
        if (event.ticket.conversationId === conversationId) upsertTicket(event.ticket);
        break;
      case 'ticket.deleted':
        detail.setData((current) => current && { ...current, tickets: current.tickets.filter((ticket) => ticket.id !== event.ticketId) });
        break;
      case 'live.resync':
        detail.reload();
        markRead();
        break;
    }
  });

  if (deleted || detail.error?.status === 404) {
    return (
      <EmptyState title={t('chat.deleted')}>
        <Link to="/chat">{t('chat.backToAll')}</Link>
      </EmptyState>
    );
  }
  if (!detail.data) return detail.error ? <ErrorNotice error={detail.error} onRetry={detail.reload} /> : <Loading />;

  const { conversation, messages, tickets } = detail.data;
  return (
    <div className="thread">
      <ThreadHeader conversation={conversation} onUpdated={(next) => { mergeConversation(next); onChanged(); }} onDeleted={onChanged} />
      <SourceTickets tickets={tickets} label={t('chat.ticketsFromConversation')} />
      <MessageList messages={messages} conversationId={conversationId} meId={me.user.id} />
      <ReplyBox
        conversation={conversation}
        onSent={(message) => {
          appendMessage(message);
          onChanged();
        }}
      />
    </div>
  );
}

/**
 * Marks the conversation read now if the tab is visible, otherwise as soon as it becomes visible
 * (a message that arrives in a background tab stays unread until the user looks).
 */
function useMarkRead(conversationId: string, onRead: (id: string) => void): () => void {
  const pending = useRef(false);
  const onReadRef = useRef(onRead);
  onReadRef.current = onRead;
  const [markRead] = useState(() => () => {
    if (document.visibilityState !== 'visible') {
      pending.current = true;
      return;
    }
    pending.current = false;
    onReadRef.current(conversationId);
    api.markConversationRead(conversationId).then(() => refreshUnread(0), () => {
      // Not fatal: the conversation just stays unread for this user until the next view.
    });
  });
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible' && pending.current) markRead();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [markRead]);
  return markRead;
}
