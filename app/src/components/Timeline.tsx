import { api } from '../api';
import { useTranslation } from 'react-i18next';
import { formatDateTime, statusLabel } from '../format';
import { t } from '../i18n';
import { priorityLabel } from './TicketPlanning';
import { queryKeys, usePagedList } from '../query';
import type { TicketActivity } from '../../../shared/schemas/ticket-activity';
import type { TicketPriority, TicketStatus } from '../../../shared/schemas/tickets';
import { ErrorNotice, LoadMore, RelativeTime } from './ui';

/** The ticket's activity, oldest first; reloaded whenever the ticket's version moves. */
export function Timeline({ ticketId, version }: { ticketId: string; version: number }) {
  useTranslation();
  const activity = usePagedList(queryKeys.ticketActivity(ticketId, version), (cursor) => api.ticketActivity(ticketId, cursor));
  return (
    <section className="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title" className="section-title">{t('timeline.title')}</h2>
      <ErrorNotice error={activity.error} onRetry={activity.reload} />
      <ol className="timeline">
        {activity.items?.map((item) => (
          <li key={item.id} data-kind={item.kind}>
            <span className="timeline-text">
              <strong>{item.actor?.name ?? t('timeline.someone')}</strong> {describe(item)}
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

const STATUSES = ['new', 'in_progress', 'closed'];
const PRIORITY_IDS = ['low', 'normal', 'high', 'urgent'];
const status = (value: unknown) => (STATUSES.includes(value as string) ? statusLabel(value as TicketStatus) : String(value));
const priority = (value: unknown) => (PRIORITY_IDS.includes(value as string) ? priorityLabel(value as TicketPriority) : String(value));
const person = (value: unknown) => (value && typeof value === 'object' ? (value as { name: string }).name : t('timeline.nobody'));
const list = (names: unknown) => (Array.isArray(names) ? names.map((name) => t('timeline.quoted', { name: String(name) })).join(', ') : '');

/** One sentence per entry: "moved it from New to In progress". */
export function describe(item: TicketActivity): string {
  // Each kind has its own data (see TicketActivity in shared/schemas/ticket-activity.ts); read loosely.
  const data = item.data as Record<string, any>;
  switch (item.kind) {
    case 'created':
      if (!data.source) return t('timeline.createdByHand');
      return data.source.type === 'form_submission' ? t('timeline.createdFromSubmission') : t('timeline.createdFromConversation');
    case 'priority_changed':
      return t('timeline.priority', { priority: priority(data.to) });
    case 'due_changed':
      return data.to ? t('timeline.due', { date: formatDateTime(data.to) }) : t('timeline.dueRemoved');
    case 'visibility_changed':
      return data.to ? t('timeline.shown') : t('timeline.hidden');
    case 'bulk_updated': {
      const parts = [];
      if (data.status) parts.push(t('timeline.movedTo', { status: status(data.status.to) }));
      if (data.assigneeId) parts.push(data.assigneeId.to ? t('timeline.assigned') : t('timeline.unassigned'));
      if (data.priority) parts.push(t('timeline.priority', { priority: priority(data.priority.to) }));
      if (data.tags?.added?.length) parts.push(t('timeline.tagged', { tags: list(data.tags.added) }));
      if (data.tags?.removed?.length) parts.push(t('timeline.untagged', { tags: list(data.tags.removed) }));
      return t('timeline.bulk', { changes: parts.join(', ') });
    }
    case 'status_changed':
      return t('timeline.moved', { from: status(data.from), to: status(data.to) });
    case 'assignee_changed':
      if (data.reason === 'member_removed') return t('timeline.unassignedRemoved', { name: person(data.from) });
      return data.to ? t('timeline.assignedTo', { name: person(data.to) }) : t('timeline.unassignedPerson', { name: person(data.from) });
    case 'tags_changed': {
      const parts = [];
      if (data.added?.length) parts.push(t('timeline.tagged', { tags: list(data.added) }));
      if (data.removed?.length) parts.push(data.reason === 'tag_deleted' ? t('timeline.untaggedDeleted', { tags: list(data.removed) }) : t('timeline.untagged', { tags: list(data.removed) }));
      return parts.join(t('timeline.and'));
    }
    case 'title_changed':
      return t('timeline.renamed', { title: data.to });
    case 'notes_edited':
      return t('timeline.notesEdited');
    case 'attachment_added':
      return t('timeline.attached', { filename: data.filename });
    case 'attachment_removed':
      return t('timeline.attachmentRemoved', { filename: data.filename });
    default:
      return t('timeline.changed');
  }
}
