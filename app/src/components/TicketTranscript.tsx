import { formatDateTime } from '../format';
import { useTranslation } from 'react-i18next';
import type { Ticket } from '../../../shared/schemas/tickets';

/**
 * The customer's words, copied when the ticket was made: the conversation's messages or the
 * submission's fields. Kept when the source is deleted. Collapsible (a native <details>), open at first.
 */
export function TicketTranscript({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const { transcript } = ticket;
  if (!transcript) return null;
  const isChat = 'messages' in transcript;
  const count = isChat ? transcript.messages.length : transcript.fields.length;
  return (
    <details className="card transcript" open data-testid="transcript">
      <summary>
        {isChat ? t('tickets.transcript.conversation', { count }) : t('tickets.transcript.form', { count })}
        {ticket.source && !ticket.source.available && <span className="muted small"> · {t('tickets.transcript.kept')}</span>}
      </summary>
      {isChat ? (
        <ol className="transcript-messages">
          {transcript.messages.map((message, i) => (
            <li key={i} className={`transcript-message from-${message.author}`}>
              <div className="transcript-meta">
                <strong>{message.authorName || (message.author === 'visitor' ? t('common.visitor') : t('common.team'))}</strong>{' '}
                <time className="muted small" dateTime={message.createdAt}>{formatDateTime(message.createdAt)}</time>
              </div>
              <div className="transcript-body">{message.body}</div>
            </li>
          ))}
        </ol>
      ) : (
        <dl className="transcript-fields">
          {transcript.fields.map((field, i) => (
            <div key={i}>
              <dt>{field.label}</dt>
              <dd className="field-value">{field.value || <span className="muted">—</span>}</dd>
            </div>
          ))}
        </dl>
      )}
    </details>
  );
}
