import { useId } from 'react';
import { useTags, useTeam } from '../query';
import { PRIORITIES } from './TicketPlanning';
import { useTranslation } from 'react-i18next';

const SORTS = [
  { value: '', label: 'newest' },
  { value: 'number:asc', label: 'oldest' },
  { value: 'updated:desc', label: 'updated' },
  { value: 'priority:desc', label: 'priority' },
  { value: 'due:asc', label: 'due' },
] as const;

/** Assignee, tag, priority and due filters and the sort of the ticket list; the values live in the URL. */
export function TicketFilterControls({ assignee, tag, priority, due, sort, onChange }: {
  assignee: string | null;
  tag: string | null;
  priority: string | null;
  due: string | null;
  /** `sort:order`, e.g. `due:asc`; null = newest first. */
  sort: string | null;
  onChange: (changes: Record<string, string | null>) => void;
}) {
  const { t } = useTranslation();
  const priorityId = useId();
  const dueId = useId();
  const sortId = useId();
  const team = useTeam();
  const tags = useTags();
  const assigneeId = useId();
  const tagId = useId();
  const tagNames = tags.data?.map((item) => item.name) ?? [];
  // A tag named in the URL stays selectable while the list loads or after it was renamed away.
  const selectedTag = tag ? tagNames.find((name) => name.toLowerCase() === tag.toLowerCase()) ?? tag : '';
  if (selectedTag && !tagNames.includes(selectedTag)) tagNames.unshift(selectedTag);
  return (
    <div className="filters">
      <label className="inline-field" htmlFor={assigneeId}>
        <span className="label">{t('filters.assignee')}</span>
        <select id={assigneeId} value={assignee ?? ''} onChange={(event) => onChange({ assignee: event.target.value || null })}>
          <option value="">{t('filters.anyone')}</option>
          <option value="me">{t('filters.me')}</option>
          <option value="none">{t('filters.unassigned')}</option>
          {team.data?.members.map((member) => (
            <option key={member.id} value={member.id}>{member.name}</option>
          ))}
        </select>
      </label>
      <label className="inline-field" htmlFor={tagId}>
        <span className="label">{t('filters.tag')}</span>
        <select id={tagId} value={selectedTag} onChange={(event) => onChange({ tag: event.target.value || null })}>
          <option value="">{t('filters.anyTag')}</option>
          {tagNames.map((name) => <option key={name} value={name}>{name}</option>)}
        </select>
      </label>
      <label className="inline-field" htmlFor={priorityId}>
        <span className="label">{t('planning.priority')}</span>
        <select id={priorityId} value={priority ?? ''} onChange={(event) => onChange({ priority: event.target.value || null })}>
          <option value="">{t('filters.any')}</option>
          {PRIORITIES.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
        </select>
      </label>
      <label className="inline-field" htmlFor={dueId}>
        <span className="label">{t('planning.due')}</span>
        <select id={dueId} value={due ?? ''} onChange={(event) => onChange({ due: event.target.value || null })}>
          <option value="">{t('filters.anyTime')}</option>
          <option value="overdue">{t('planning.overdue')}</option>
          <option value="today">{t('filters.today')}</option>
          <option value="week">{t('filters.thisWeek')}</option>
        </select>
      </label>
      <label className="inline-field" htmlFor={sortId}>
        <span className="label">{t('filters.sort')}</span>
        <select id={sortId} value={sort ?? ''} onChange={(event) => onChange({ sort: event.target.value || null })}>
          {SORTS.map((s) => <option key={s.value} value={s.value}>{t(`filters.sorts.${s.label}`)}</option>)}
        </select>
      </label>
    </div>
  );
}
