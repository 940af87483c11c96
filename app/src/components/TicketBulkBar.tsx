import { useId, useState, type FormEvent } from 'react';
import { api, type BulkChanges } from '../api';
import { PRIORITIES } from './TicketPlanning';
import { useToast } from './Toasts';

/**
 * Actions on the selected tickets (one request, all or nothing): status, assign to me, priority,
 * add a tag. Shown while at least one ticket is selected.
 */
export function TicketBulkBar({ ids, meId, onDone, onClear }: { ids: string[]; meId: string | undefined; onDone: () => void; onClear: () => void }) {
  const [busy, setBusy] = useState(false);
  const [tag, setTag] = useState('');
  const toast = useToast();
  const statusId = useId();
  const priorityId = useId();
  const tagId = useId();

  const apply = async (set: BulkChanges, label: string) => {
    setBusy(true);
    try {
      const tickets = await api.bulkUpdateTickets(ids, set);
      toast(`${label}: ${tickets.length} ticket${tickets.length === 1 ? '' : 's'}`);
      onDone();
    } catch (error) {
      toast((error as Error).message, 'error');
    } finally {
      setBusy(false);
    }
  };
  const addTag = (event: FormEvent) => {
    event.preventDefault();
    if (tag.trim()) void apply({ addTags: [tag.trim()] }, `Tagged “${tag.trim()}”`).then(() => setTag(''));
  };

  return (
    <div className="bulk-bar" role="region" aria-label="Bulk actions" data-testid="bulk-bar">
      <strong>{ids.length} selected</strong>
      <button type="button" className="button small" disabled={busy} onClick={() => apply({ status: 'closed' }, 'Closed')}>Close</button>
      <label className="inline-field" htmlFor={statusId}>
        <span className="label">Status</span>
        <select id={statusId} value="" disabled={busy} onChange={(e) => e.target.value && apply({ status: e.target.value as BulkChanges['status'] }, 'Status set')}>
          <option value="">Set…</option>
          <option value="new">New</option>
          <option value="in_progress">In progress</option>
          <option value="closed">Closed</option>
        </select>
      </label>
      {meId && <button type="button" className="button small" disabled={busy} onClick={() => apply({ assigneeId: meId }, 'Assigned to you')}>Assign to me</button>}
      <label className="inline-field" htmlFor={priorityId}>
        <span className="label">Priority</span>
        <select id={priorityId} value="" disabled={busy} onChange={(e) => e.target.value && apply({ priority: e.target.value as BulkChanges['priority'] }, 'Priority set')}>
          <option value="">Set…</option>
          {PRIORITIES.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
        </select>
      </label>
      <form className="inline-field" onSubmit={addTag}>
        <label htmlFor={tagId} className="label">Add tag</label>
        <input id={tagId} value={tag} maxLength={50} onChange={(e) => setTag(e.target.value)} disabled={busy} />
      </form>
      <button type="button" className="button small" onClick={onClear}>Clear selection</button>
    </div>
  );
}
