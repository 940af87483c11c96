import { useId } from 'react';
import { useTags, useTeam } from '../query';
import { PRIORITIES } from './TicketPlanning';

const SORTS = [
  { value: '', label: 'Newest' },
  { value: 'number:asc', label: 'Oldest' },
  { value: 'updated:desc', label: 'Recently updated' },
  { value: 'priority:desc', label: 'Priority' },
  { value: 'due:asc', label: 'Due soonest' },
];

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
  const priorityId = useId();
  const dueId = useId();
  const sortId = useId();
  const team = useTeam();
  const tags = useTags();
  const assigneeId = useId();
  const tagId = useId();
  const tagNames = tags.data?.map((t) => t.name) ?? [];
  // A tag named in the URL stays selectable while the list loads or after it was renamed away.
  const selectedTag = tag ? tagNames.find((name) => name.toLowerCase() === tag.toLowerCase()) ?? tag : '';
  if (selectedTag && !tagNames.includes(selectedTag)) tagNames.unshift(selectedTag);
  return (
    <div className="filters">
      <label className="inline-field" htmlFor={assigneeId}>
        <span className="label">Assignee</span>
        <select id={assigneeId} value={assignee ?? ''} onChange={(event) => onChange({ assignee: event.target.value || null })}>
          <option value="">Anyone</option>
          <option value="me">Me</option>
          <option value="none">Unassigned</option>
          {team.data?.members.map((member) => (
            <option key={member.id} value={member.id}>{member.name}</option>
          ))}
        </select>
      </label>
      <label className="inline-field" htmlFor={tagId}>
        <span className="label">Tag</span>
        <select id={tagId} value={selectedTag} onChange={(event) => onChange({ tag: event.target.value || null })}>
          <option value="">Any tag</option>
          {tagNames.map((name) => <option key={name} value={name}>{name}</option>)}
        </select>
      </label>
      <label className="inline-field" htmlFor={priorityId}>
        <span className="label">Priority</span>
        <select id={priorityId} value={priority ?? ''} onChange={(event) => onChange({ priority: event.target.value || null })}>
          <option value="">Any</option>
          {PRIORITIES.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
        </select>
      </label>
      <label className="inline-field" htmlFor={dueId}>
        <span className="label">Due</span>
        <select id={dueId} value={due ?? ''} onChange={(event) => onChange({ due: event.target.value || null })}>
          <option value="">Any time</option>
          <option value="overdue">Overdue</option>
          <option value="today">Today</option>
          <option value="week">This week</option>
        </select>
      </label>
      <label className="inline-field" htmlFor={sortId}>
        <span className="label">Sort</span>
        <select id={sortId} value={sort ?? ''} onChange={(event) => onChange({ sort: event.target.value || null })}>
          {SORTS.map((s) => <option key={s.value} value={s.value}>{s.label}</option>)}
        </select>
      </label>
    </div>
  );
}
