import { Link } from '../router';
import type { TicketSummary } from '../../../shared/schemas/tickets';
import { StatusBadge } from './ui';
import { useTranslation } from 'react-i18next';

/** The tickets already made from a conversation or submission, as chips linking to each ticket. */
export function SourceTickets({ tickets, label, className = '' }: { tickets: TicketSummary[]; label: string; className?: string }) {
  const { t } = useTranslation();
  if (tickets.length === 0) return null;
  return (
    <div className={`thread-tickets ${className}`.trim()} aria-label={label}>
      <span className="muted small">{t('tickets.sourceTickets')}</span>
      {tickets.map((ticket) => (
        <Link key={ticket.id} to={`/tickets/${encodeURIComponent(ticket.id)}`} className="ticket-chip">
          <span className="ticket-number">#{ticket.number}</span> {ticket.title} <StatusBadge status={ticket.status} />
        </Link>
      ))}
    </div>
  );
}
