import { useState } from 'react';
import { api } from '../api';
import { navigate } from '../router';
import { useToast } from './Toasts';

/** "+ Ticket": promotes a form submission into a ticket and opens it. */
export function CreateTicketButton({ submissionId, className = 'button small' }: { submissionId: string; className?: string }) {
  const [busy, setBusy] = useState(false);
  const toast = useToast();
  const create = async () => {
    setBusy(true);
    try {
      const ticket = await api.createTicket({ formSubmissionId: submissionId });
      toast(`Ticket #${ticket.number} created`);
      navigate(`/tickets/${encodeURIComponent(ticket.id)}`);
    } catch (error) {
      toast((error as Error).message, 'error');
      setBusy(false);
    }
  };
  return (
    <button type="button" className={className} onClick={create} disabled={busy} title="Create a ticket from this submission">
      {busy ? 'Creating…' : '+ Ticket'}
    </button>
  );
}
