import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { statusLabel, STATUS_ORDER } from '../format';
import type { TicketStatus } from '../../../shared/schemas/tickets';

/** The three statuses in their order (new → in progress → closed); any step can be chosen directly. */
export function StatusControl({ status, busy, onChange }: { status: TicketStatus; busy: boolean; onChange: (status: TicketStatus) => void }) {
  const { t } = useTranslation();
  const currentIndex = STATUS_ORDER.indexOf(status);
  return (
    <div className="status-control" role="group" aria-label={t('tickets.status')}>
      {STATUS_ORDER.map((step, index) => (
        <Fragment key={step}>
          {index > 0 && (
            <span className="status-arrow" aria-hidden="true">
              →
            </span>
          )}
          <button
            type="button"
            className={`status-step status-${step}${index < currentIndex ? ' done' : ''}`}
            aria-pressed={step === status}
            disabled={busy && step !== status}
            onClick={() => step !== status && onChange(step)}
          >
            {statusLabel(step)}
          </button>
        </Fragment>
      ))}
    </div>
  );
}
