import { useId, useState, type FormEvent } from 'react';
import { invalidate, queryKeys, useTags, useTeam } from '../query';
import { Link } from '../router';
import { useSession } from '../session';
import type { Ticket } from '../../../shared/schemas/tickets';
import type { UserRef } from '../../../shared/schemas/chat';
import { Icon } from './Icon';
import { useTranslation } from 'react-i18next';

/** Who works on a ticket or conversation: anyone of the team, or nobody. */
export function AssigneePicker({ assignee, onChange }: { assignee: UserRef | null; onChange: (assigneeId: string | null) => Promise<void> }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const team = useTeam();
  const [busy, setBusy] = useState(false);
  const id = useId();
  const members = team.data?.members ?? [];
  // The current assignee stays listed while the team loads.
  const options = assignee && !members.some((m) => m.id === assignee.id) ? [{ ...assignee }, ...members] : members;
  const choose = async (value: string | null) => {
    setBusy(true);
    try {
      await onChange(value);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="assignee">
      <label className="label" htmlFor={id}>{t('filters.assignee')}</label>
      <div className="inline-field">
        <select id={id} value={assignee?.id ?? ''} disabled={busy} onChange={(event) => void choose(event.target.value || null)}>
          <option value="">{t('filters.unassigned')}</option>
          {options.map((member) => (
            <option key={member.id} value={member.id}>{member.id === me.user.id ? t('tickets.memberMe', { name: member.name }) : member.name}</option>
          ))}
        </select>
        {assignee?.id !== me.user.id && (
          <button type="button" className="button ghost small" disabled={busy} onClick={() => void choose(me.user.id)}>
            {t('tickets.assignToMe')}
          </button>
        )}
      </div>
    </div>
  );
}

/** The ticket's tags: remove one, or type a name (new ones are created) and press Enter. */
export function TagEditor({ ticket, onAdd, onRemove }: { ticket: Ticket; onAdd: (name: string) => Promise<void>; onRemove: (name: string) => Promise<void> }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const id = useId();
  const listId = useId();
  const known = useTags();
  const add = async (event: FormEvent) => {
    event.preventDefault();
    const value = name.trim();
    if (!value) return;
    setName('');
    await onAdd(value);
    invalidate(queryKeys.tags);
  };
  return (
    <div className="tag-editor">
      <span className="label" id={`${id}-label`}>{t('nav.tags')}</span>
      <ul className="tag-list" aria-labelledby={`${id}-label`}>
        {ticket.tags.map((tag) => (
          <li key={tag} className="tag">
            <Link to={`/tickets?tag=${encodeURIComponent(tag)}&status=all`}>{tag}</Link>
            <button type="button" className="tag-remove" aria-label={t('tickets.removeTag', { tag })} onClick={() => void onRemove(tag)}>
              <Icon name="close" size={12} />
            </button>
          </li>
        ))}
        {ticket.tags.length === 0 && <li className="muted small">{t('tickets.noTags')}</li>}
      </ul>
      <form className="inline-form" onSubmit={add}>
        <label className="visually-hidden" htmlFor={id}>{t('tickets.addTag')}</label>
        <input id={id} list={listId} value={name} onChange={(event) => setName(event.target.value)} maxLength={50} placeholder={t('tickets.addTagPlaceholder')} />
        <datalist id={listId}>
          {known.data?.filter((tag) => !ticket.tags.includes(tag.name)).map((tag) => <option key={tag.id} value={tag.name} />)}
        </datalist>
        <button type="submit" className="button small" disabled={!name.trim() || ticket.tags.length >= 20}>{t('common.add')}</button>
      </form>
    </div>
  );
}
