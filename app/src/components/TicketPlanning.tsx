import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDayTime } from '../format';
import { t } from '../i18n';
import type { TicketPriority } from '../../../shared/schemas/tickets';

export const priorityLabel = (priority: TicketPriority) => t(`priority.${priority}`);
/** Most urgent first; `label` is read in the current language. */
export const PRIORITIES: { id: TicketPriority; readonly label: string }[] = (['urgent', 'high', 'normal', 'low'] as const).map((id) => ({
  id,
  get label() {
    return priorityLabel(id);
  },
}));

/** Overdue: a due date in the past on a ticket that is not closed. */
export const isOverdue = (ticket: { dueAt: string | null; status: string }, now = Date.now()) =>
  ticket.dueAt !== null && ticket.status !== 'closed' && Date.parse(ticket.dueAt) < now;

/** Priority and due-date chips (normal priority and no due date show nothing); overdue ones stand out. */
export function PlanningChips({ ticket, now }: { ticket: { priority: TicketPriority; dueAt: string | null; status: string }; now: number }) {
  useTranslation();
  const overdue = isOverdue(ticket, now);
  return (
    <>
      {ticket.priority !== 'normal' && (
        <span className={`chip priority-${ticket.priority}`} data-testid="priority-chip">{priorityLabel(ticket.priority)}</span>
      )}
      {ticket.dueAt && (
        <span className={overdue ? 'chip due overdue' : 'chip due'} data-testid="due-chip" title={overdue ? t('planning.overdue') : t('planning.due')}>
          {overdue ? t('planning.overdueOn', { date: formatDayTime(ticket.dueAt) }) : t('planning.dueOn', { date: formatDayTime(ticket.dueAt) })}
        </span>
      )}
    </>
  );
}

/** `datetime-local` speaks local wall time; the API speaks ISO-8601 UTC. */
const toLocalInput = (iso: string | null) => {
  if (!iso) return '';
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

/** Priority, due date and "visible to the customer" on the ticket page. */
export function PlanningControls({ ticket, onChange }: {
  ticket: { priority: TicketPriority; dueAt: string | null; visibleToVisitor: boolean; conversationId: string | null };
  onChange: (changes: { priority?: TicketPriority; dueAt?: string | null; visibleToVisitor?: boolean }) => void;
}) {
  useTranslation();
  const priorityId = useId();
  const dueId = useId();
  return (
    <div className="ticket-planning">
      <label className="inline-field" htmlFor={priorityId}>
        <span className="label">{t('planning.priority')}</span>
        <select id={priorityId} value={ticket.priority} onChange={(event) => onChange({ priority: event.target.value as TicketPriority })}>
          {PRIORITIES.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
        </select>
      </label>
      <label className="inline-field" htmlFor={dueId}>
        <span className="label">{t('planning.due')}</span>
        <input
          id={dueId}
          type="datetime-local"
          value={toLocalInput(ticket.dueAt)}
          onChange={(event) => onChange({ dueAt: event.target.value ? new Date(event.target.value).toISOString() : null })}
        />
      </label>
      {ticket.conversationId && (
        <label className="checkbox">
          <input type="checkbox" checked={ticket.visibleToVisitor} onChange={(event) => onChange({ visibleToVisitor: event.target.checked })} />
          {t('planning.showStatus')}
        </label>
      )}
    </div>
  );
}
