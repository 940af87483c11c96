import { useId, useState, type FormEvent } from 'react';
import { api, type BulkChanges } from '../api';
import { PRIORITIES } from './TicketPlanning';
import { useToast } from './Toasts';
import { useTranslation } from 'react-i18next';
import { statusLabel } from '../format';
import { errorMessage } from '../i18n/errors';

/**
 * Actions on the selected tickets (one request, all or nothing): status, assign to me, priority,
 * add a tag. Shown while at least one ticket is selected.
 */
export function TicketBulkBar({ ids, meId, onDone, onClear }: { ids: string[]; meId: string | undefined; onDone: () => void; onClear: () => void }) {
  const { t } = useTranslation();
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
      toast(t('bulk.done', { action: label, count: tickets.length }));
      onDone();
    } catch (error) {
      toast(errorMessage(error), 'error');
    } finally {
      setBusy(false);
    }
  };
  const addTag = (event: FormEvent) => {
    event.preventDefault();
    if (tag.trim()) void apply({ addTags: [tag.trim()] }, t('bulk.tagged', { tag: tag.trim() })).then(() => setTag(''));
  };

  return (
    <div className="bulk-bar" role="region" aria-label={t('bulk.label')} data-testid="bulk-bar">
      <strong>{t('bulk.selected', { count: ids.length })}</strong>
      <button type="button" className="button small" disabled={busy} onClick={() => apply({ status: 'closed' }, t('bulk.closed'))}>{t('bulk.close')}</button>
      <label className="inline-field" htmlFor={statusId}>
        <span className="label">{t('tickets.status')}</span>
        <select id={statusId} value="" disabled={busy} onChange={(e) => e.target.value && apply({ status: e.target.value as BulkChanges['status'] }, t('bulk.statusSet'))}>
          <option value="">{t('bulk.set')}</option>
          <option value="new">{statusLabel('new')}</option>
          <option value="in_progress">{statusLabel('in_progress')}</option>
          <option value="closed">{statusLabel('closed')}</option>
        </select>
      </label>
      {meId && <button type="button" className="button small" disabled={busy} onClick={() => apply({ assigneeId: meId }, t('bulk.assignedToYou'))}>{t('tickets.assignToMe')}</button>}
      <label className="inline-field" htmlFor={priorityId}>
        <span className="label">{t('planning.priority')}</span>
        <select id={priorityId} value="" disabled={busy} onChange={(e) => e.target.value && apply({ priority: e.target.value as BulkChanges['priority'] }, t('bulk.prioritySet'))}>
          <option value="">{t('bulk.set')}</option>
          {PRIORITIES.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
        </select>
      </label>
      <form className="inline-field" onSubmit={addTag}>
        <label htmlFor={tagId} className="label">{t('bulk.addTag')}</label>
        <input id={tagId} value={tag} maxLength={50} onChange={(e) => setTag(e.target.value)} disabled={busy} />
      </form>
      <button type="button" className="button small" onClick={onClear}>{t('bulk.clear')}</button>
    </div>
  );
}
