import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../api';
import { navigate } from '../router';
import { useToast } from './Toasts';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../i18n/errors';

/** "New ticket" by hand (a phone call, an email): title, optional visitor name/email and notes. */
export function NewTicketDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const [title, setTitle] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [notes, setNotes] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const toast = useToast();

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    ref.current?.showModal();
    return () => previous?.focus?.();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const visitor = name.trim() || email.trim() ? { name: name.trim() || undefined, email: email.trim() || undefined } : undefined;
      const ticket = await api.createTicket({ title: title.trim(), visitor, notes: notes || undefined });
      toast(t('tickets.created', { number: ticket.number }));
      onClose();
      navigate(`/tickets/${encodeURIComponent(ticket.id)}`);
    } catch (failure) {
      setError(errorMessage(failure));
      setBusy(false);
    }
  };

  return (
    <dialog ref={ref} className="dialog new-ticket-dialog" aria-labelledby="new-ticket-title" onCancel={(event) => { event.preventDefault(); onClose(); }}>
      <form onSubmit={submit}>
        <h2 id="new-ticket-title">{t('tickets.new')}</h2>
        <div className="form-stack">
          <label className="field"><span className="label">{t('tickets.titleField')}</span><input required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} autoFocus /></label>
          <label className="field"><span className="label">{t('tickets.customerName')}</span><input maxLength={200} value={name} onChange={(e) => setName(e.target.value)} /></label>
          <label className="field"><span className="label">{t('tickets.customerEmail')}</span><input type="email" maxLength={254} value={email} onChange={(e) => setEmail(e.target.value)} /></label>
          <label className="field"><span className="label">{t('tickets.notesOptional')}</span><textarea rows={4} value={notes} onChange={(e) => setNotes(e.target.value)} /></label>
        </div>
        {error && <p className="error-text" role="alert">{error}</p>}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>{t('common.cancel')}</button>
          <button type="submit" className="button primary" disabled={busy || !title.trim()}>{busy ? t('common.creating') : t('tickets.create')}</button>
        </div>
      </form>
    </dialog>
  );
}
