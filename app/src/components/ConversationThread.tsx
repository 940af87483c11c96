import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { api } from '../api';
import { countryLabel, formatDateTime, safeHref, shortUrl, visitorLabel } from '../format';
import { useResource } from '../hooks';
import { useLiveEvents } from '../live';
import { Link, navigate } from '../router';
import type { ConversationDetail, Message, TicketSummary } from '../types';
import { useConfirm } from './ConfirmDialog';
import { Icon } from './Icon';
import { MenuButton } from './Menu';
import { ReplyBox } from './ReplyBox';
import { SourceTickets } from './SourceTickets';
import { useToast } from './Toasts';
import { EmptyState, ErrorNotice, Loading } from './ui';

export function ConversationThread({ conversationId, onChanged }: { conversationId: string; onChanged: () => void }) {
  const detail = useResource<ConversationDetail>(() => api.getConversation(conversationId), [conversationId]);
  const [deleted, setDeleted] = useState(false);
  const [creating, setCreating] = useState(false);
  const [confirmElement, confirm] = useConfirm();
  const toast = useToast();

  const appendMessage = (message: Message) =>
    detail.setData((current) =>
      current && !current.messages.some((m) => m.id === message.id)
        ? { ...current, messages: [...current.messages, message] }
        : current,
    );
  const upsertTicket = ({ id, number, title, status }: TicketSummary) =>
    detail.setData((current) => {
      if (!current) return current;
      const others = current.tickets.filter((t) => t.id !== id);
      const known = others.length !== current.tickets.length;
      const summary = { id, number, title, status };
      return { ...current, tickets: known ? current.tickets.map((t) => (t.id === id ? summary : t)) : [...others, summary] };
    });

  useLiveEvents((event) => {
    switch (event.type) {
      case 'conversation.deleted':
        if (event.conversationId === conversationId) setDeleted(true);
        break;
      case 'message.created':
        if (event.conversation.id === conversationId) appendMessage(event.message);
        break;
      case 'ticket.created':
      case 'ticket.updated':
        if (event.ticket.conversationId === conversationId) upsertTicket(event.ticket);
        break;
      case 'ticket.deleted':
        detail.setData((current) => current && { ...current, tickets: current.tickets.filter((t) => t.id !== event.ticketId) });
        break;
      case 'live.resync':
        detail.reload();
        break;
    }
  });

  if (deleted || detail.error?.status === 404) {
    return (
      <EmptyState title="This conversation was deleted.">
        <Link to="/chat">Back to all conversations</Link>
      </EmptyState>
    );
  }
  if (!detail.data) return detail.error ? <ErrorNotice error={detail.error} onRetry={detail.reload} /> : <Loading />;

  const { conversation, messages, tickets } = detail.data;
  const pageHref = safeHref(conversation.pageUrl);

  const createTicket = async () => {
    setCreating(true);
    try {
      const ticket = await api.createTicket({ conversationId });
      toast(`Ticket #${ticket.number} created`);
      navigate(`/tickets/${encodeURIComponent(ticket.id)}`);
    } catch (error) {
      toast((error as Error).message, 'error');
      setCreating(false);
    }
  };

  const remove = async () => {
    const ok = await confirm({
      title: 'Delete this conversation?',
      body: 'Its messages are deleted for good. Tickets made from it stay, marked “source deleted”.',
      confirmLabel: 'Delete conversation',
      danger: true,
    });
    if (!ok) return;
    try {
      await api.deleteConversation(conversationId);
      toast('Conversation deleted');
      onChanged();
      navigate('/chat');
    } catch (error) {
      toast((error as Error).message, 'error');
    }
  };


  return (
    <div className="thread">
      <header className="thread-header">
        <div className="thread-title">
          <h2>{visitorLabel(conversation.visitor)}</h2>
          {conversation.visitor?.email && conversation.visitor.name && (
            <span className="muted">{conversation.visitor.email}</span>
          )}
        </div>
        <dl className="thread-meta">
          <div>
            <dt>Page</dt>
            <dd>
              {pageHref ? (
                <a href={pageHref} target="_blank" rel="noopener noreferrer" className="page-url">
                  {shortUrl(conversation.pageUrl)}
                  <Icon name="external" size={12} />
                </a>
              ) : (
                shortUrl(conversation.pageUrl)
              )}
            </dd>
          </div>
          <div>
            <dt>Country</dt>
            <dd className="country">{countryLabel(conversation.country)}</dd>
          </div>
          <div>
            <dt>Started</dt>
            <dd>{formatDateTime(conversation.createdAt)}</dd>
          </div>
        </dl>
        <MenuButton
          label="Conversation actions"
          items={[
            { label: creating ? 'Creating ticket…' : 'Create Ticket', onSelect: createTicket, disabled: creating },
            { label: 'Delete conversation', onSelect: remove, danger: true },
          ]}
        />
      </header>
      <SourceTickets tickets={tickets} label="Tickets from this conversation" />
      <MessageList messages={messages} />
      <ReplyBox
        conversationId={conversationId}
        onSent={(message) => {
          appendMessage(message);
          onChanged();
        }}
      />
      {confirmElement}
    </div>
  );
}

function MessageList({ messages }: { messages: Message[] }) {
  const ref = useRef<HTMLOListElement>(null);
  const stick = useRef(true);

  // Follow new messages unless the owner has scrolled up to read older ones.
  useLayoutEffect(() => {
    const element = ref.current;
    if (element && stick.current) element.scrollTop = element.scrollHeight;
  }, [messages]);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const onScroll = () => {
      stick.current = element.scrollHeight - element.scrollTop - element.clientHeight < 80;
    };
    element.addEventListener('scroll', onScroll);
    return () => element.removeEventListener('scroll', onScroll);
  }, []);

  return (
    <ol ref={ref} className="messages" aria-label="Messages" aria-live="polite" tabIndex={0}>
      {messages.map((message) => (
        <li key={message.id} className={`message ${message.author}`}>
          <div className="bubble">{message.body}</div>
          <span className="message-meta">
            {message.author === 'owner' ? 'You' : 'Visitor'} · <time dateTime={message.createdAt}>{formatDateTime(message.createdAt)}</time>
          </span>
        </li>
      ))}
    </ol>
  );
}
