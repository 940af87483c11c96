import { useEffect, useRef, useState, type ReactNode } from 'react';
import { api, ApiError } from '../api';
import { navigate } from '../router';
import type { Ticket } from '../../../shared/schemas/tickets';
import { useToast } from './Toasts';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../i18n/errors';

type Source = { conversationId: string } | { formSubmissionId: string };
const openTicket = (ticket: { id: string }) => navigate(`/tickets/${encodeURIComponent(ticket.id)}`);

/**
 * Promotes a source into a ticket. When the source already has one (409 ticket_exists) it asks:
 * "Open #12" or "Create another" — a second click never makes a duplicate silently.
 * Returns [dialog element, create, busy].
 */
export function useCreateTicket(): [ReactNode, (source: Source) => Promise<void>, boolean] {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [existing, setExisting] = useState<{ ticket: Ticket; source: Source } | null>(null);
  const toast = useToast();

  const create = async (source: Source, allowDuplicate = false) => {
    setBusy(true);
    try {
      const ticket = await api.createTicket({ ...source, allowDuplicate });
      toast(t('tickets.created', { number: ticket.number }));
      openTicket(ticket);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'ticket_exists' && error.details.ticket) {
        setExisting({ ticket: error.details.ticket as Ticket, source });
      } else {
        toast(errorMessage(error), 'error');
      }
      setBusy(false);
    }
  };

  const dialog = existing ? (
    <DuplicateTicketDialog
      ticket={existing.ticket}
      onClose={(choice) => {
        setExisting(null);
        if (choice === 'open') openTicket(existing.ticket);
        else if (choice === 'another') void create(existing.source, true);
      }}
    />
  ) : null;
  return [dialog, (source) => create(source), busy];
}

function DuplicateTicketDialog({ ticket, onClose }: { ticket: Ticket; onClose: (choice: 'open' | 'another' | 'cancel') => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    ref.current?.showModal();
    return () => previous?.focus?.();
  }, []);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="duplicate-title" onCancel={(event) => { event.preventDefault(); onClose('cancel'); }}>
      <h2 id="duplicate-title">{t('tickets.duplicate.title')}</h2>
      <div className="dialog-body">
        {t('tickets.duplicate.body', { number: ticket.number, title: ticket.title })}
      </div>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={() => onClose('cancel')}>{t('common.cancel')}</button>
        <button type="button" className="button" onClick={() => onClose('another')}>{t('tickets.duplicate.another')}</button>
        <button type="button" className="button primary" onClick={() => onClose('open')} autoFocus>{t('tickets.duplicate.open', { number: ticket.number })}</button>
      </div>
    </dialog>
  );
}

/** "+ Ticket": promotes a form submission into a ticket and opens it (asks first when one exists). */
export function CreateTicketButton({ submissionId, className = 'button small' }: { submissionId: string; className?: string }) {
  const { t } = useTranslation();
  const [dialog, create, busy] = useCreateTicket();
  return (
    <>
      <button type="button" className={className} onClick={() => create({ formSubmissionId: submissionId })} disabled={busy} title={t('tickets.fromSubmission')}>
        {busy ? t('common.creating') : t('tickets.plusTicket')}
      </button>
      {dialog}
    </>
  );
}
