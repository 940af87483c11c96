import { useEffect, useLayoutEffect, useRef } from 'react';
import { formatDateTime } from '../format';
import { authorLabel } from '../inbox';
import { useTyping } from '../typing';
import type { Message } from '../../../shared/schemas/chat';
import { AttachmentCard } from './AttachmentCard';
import { useTranslation } from 'react-i18next';

/** The thread's messages (names on teammates' replies, files as cards) and who is typing right now. */
export function MessageList({ messages, conversationId, meId }: { messages: Message[]; conversationId: string; meId: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLOListElement>(null);
  const stick = useRef(true);
  const typing = useTyping().get(conversationId);
  const agents = typing?.agents.filter((agent) => agent.id !== meId) ?? [];
  const typingText = [
    ...(typing?.visitor ? [t('chat.visitorTyping')] : []),
    ...agents.map((agent) => t('chat.agentTyping', { name: agent.name })),
  ].join(' ');

  // Follow new messages unless the owner has scrolled up to read older ones.
  useLayoutEffect(() => {
    const element = ref.current;
    if (element && stick.current) element.scrollTop = element.scrollHeight;
  }, [messages, typingText]);
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
    <div className="messages-wrap">
      <ol ref={ref} className="messages" aria-label={t('chat.messages')} aria-live="polite" tabIndex={0}>
        {messages.map((message) => (
          <li key={message.id} className={`message ${message.author}`} data-message-id={message.id}>
            {message.body && <div className="bubble">{message.body}</div>}
            {message.attachments && message.attachments.length > 0 && (
              <ul className="message-files" aria-label={t('chat.files')}>
                {message.attachments.map((attachment) => <AttachmentCard key={attachment.id} attachment={attachment} />)}
              </ul>
            )}
            <span className="message-meta">
              <span className="message-author">{authorLabel(message, meId)}</span> ·{' '}
              <time dateTime={message.createdAt}>{formatDateTime(message.createdAt)}</time>
            </span>
          </li>
        ))}
      </ol>
      <p className="typing-indicator" role="status" aria-live="polite">
        {typingText}
      </p>
    </div>
  );
}
