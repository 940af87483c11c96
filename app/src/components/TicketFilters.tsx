import { useId } from 'react';
import { api } from '../api';
import { useResource } from '../hooks';
import type { Tag, Team } from '../types';

/** Assignee and tag filters of the ticket list; the values live in the URL (`assignee`, `tag`). */
export function TicketFilterControls({ assignee, tag, onChange }: {
  assignee: string | null;
  tag: string | null;
  onChange: (changes: Record<string, string | null>) => void;
}) {
  const team = useResource<Team>(() => api.team(), []);
  const tags = useResource<Tag[]>(() => api.listTags(), []);
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
    </div>
  );
}
