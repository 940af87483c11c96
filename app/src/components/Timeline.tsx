import { api } from '../api';
import { formatDateTime, STATUS_LABEL } from '../format';
import { queryKeys, usePagedList } from '../query';
import type { TicketActivity } from '../../../shared/schemas/ticket-activity';
import type { TicketStatus } from '../../../shared/schemas/tickets';
import { ErrorNotice, LoadMore, RelativeTime } from './ui';

/** The ticket's activity, oldest first; reloaded whenever the ticket's version moves. */
export function Timeline({ ticketId, version }: { ticketId: string; version: number }) {
  const activity = usePagedList(queryKeys.ticketActivity(ticketId, version), (cursor) => api.ticketActivity(ticketId, cursor));
  return (
    <section className="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title" className="section-title">Timeline</h2>
      <ErrorNotice error={activity.error} onRetry={activity.reload} />
      <ol className="timeline">
        {activity.items?.map((item) => (
          <li key={item.id} data-kind={item.kind}>
            <span className="timeline-text">
              <strong>{item.actor?.name ?? 'Someone'}</strong> {describe(item)}
            </span>
            <span className="muted small" title={formatDateTime(item.createdAt)}>
              <RelativeTime iso={item.createdAt} />
            </span>
          </li>
        ))}
      </ol>
      <LoadMore cursor={activity.nextCursor} loading={activity.loadingMore} onMore={activity.loadMore} />
    </section>
  );
}

const status = (value: unknown) => STATUS_LABEL[value as TicketStatus] ?? String(value);
const person = (value: unknown) => (value && typeof value === 'object' ? (value as { name: string }).name : 'nobody');
const list = (names: unknown) => (Array.isArray(names) ? names.map((name) => `“${name}”`).join(', ') : '');

/** One sentence per entry: "moved it from New to In progress". */
export function describe(item: TicketActivity): string {
  // Each kind has its own data (see TicketActivity in shared/schemas/ticket-activity.ts); read loosely.
  const data = item.data as Record<string, any>;
  switch (item.kind) {
    case 'created':
      if (!data.source) return 'created it by hand';
      return `created it from a ${data.source.type === 'form_submission' ? 'form submission' : 'conversation'}`;
    case 'priority_changed':
      return `set the priority to ${data.to}`;
    case 'due_changed':
      return data.to ? `set the due date to ${formatDateTime(data.to)}` : 'removed the due date';
    case 'visibility_changed':
      return data.to ? 'showed its status to the customer' : 'hid it from the customer';
    case 'bulk_updated': {
      const parts = [];
      if (data.status) parts.push(`moved it to ${status(data.status.to)}`);
      if (data.assigneeId) parts.push(data.assigneeId.to ? 'assigned it' : 'unassigned it');
      if (data.priority) parts.push(`set the priority to ${data.priority.to}`);
      if (data.tags?.added?.length) parts.push(`tagged it ${list(data.tags.added)}`);
      if (data.tags?.removed?.length) parts.push(`removed ${list(data.tags.removed)}`);
      return `${parts.join(', ')} (bulk change)`;
    }
    case 'status_changed':
      return `moved it from ${status(data.from)} to ${status(data.to)}`;
    case 'assignee_changed':
      if (data.reason === 'member_removed') return `unassigned ${person(data.from)} (removed from the team)`;
      return data.to ? `assigned it to ${person(data.to)}` : `unassigned ${person(data.from)}`;
    case 'tags_changed': {
      const parts = [];
      if (data.added?.length) parts.push(`tagged it ${list(data.added)}`);
      if (data.removed?.length) parts.push(`removed ${list(data.removed)}${data.reason === 'tag_deleted' ? ' (tag deleted)' : ''}`);
      return parts.join(' and ');
    }
    case 'title_changed':
      return `renamed it to “${data.to}”`;
    case 'notes_edited':
      return 'edited the notes';
    case 'attachment_added':
      return `attached ${data.filename}`;
    case 'attachment_removed':
      return `removed the attachment ${data.filename}`;
    default:
      return 'changed it';
  }
}
