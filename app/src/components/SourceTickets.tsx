import { Link } from '../router';
import type { TicketSummary } from '../../../shared/schemas/tickets';
import { StatusBadge } from './ui';

/** The tickets already made from a conversation or submission, as chips linking to each ticket. */
export function SourceTickets({ tickets, label, className = '' }: { tickets: TicketSummary[]; label: string; className?: string }) {
  if (tickets.length === 0) return null;
  return (
    <div className={`thread-tickets ${className}`.trim()} aria-label={label}>
      <span className="muted small">Tickets:</span>
      {tickets.map((ticket) => (
        <Link key={ticket.id} to={`/tickets/${encodeURIComponent(ticket.id)}`} className="ticket-chip">
          <span className="ticket-number">#{ticket.number}</span> {ticket.title} <StatusBadge status={ticket.status} />
        </Link>
      ))}
    </div>
  );
}
