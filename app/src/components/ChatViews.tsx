import type { KeyboardEvent } from 'react';
import { navigate, useLocation, withSearch } from '../router';
import type { ConversationFilters } from '../inbox';
import { Icon } from './Icon';

const TABS: { id: ConversationFilters['status']; label: string }[] = [
  { id: 'open', label: 'Open' },
  { id: 'resolved', label: 'Resolved' },
  { id: 'all', label: 'All' },
];

const VIEWS: { id: string | null; label: string }[] = [
  { id: 'me', label: 'Mine' },
  { id: 'none', label: 'Unassigned' },
  { id: null, label: 'All' },
];

/** Open / Resolved tabs and the Mine / Unassigned / All views; both live in the URL (`status`, `assignee`). */
export function ChatViews({ filters }: { filters: ConversationFilters }) {
  const { search } = useLocation();
  // Choosing a view keeps the open conversation on the right.
  const go = (changes: Record<string, string | null>) => navigate(withSearch(location.pathname, search, changes));
  const selectTab = (status: ConversationFilters['status']) => go({ status: status === 'open' ? null : status });
  const onTabKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = TABS.findIndex((t) => t.id === filters.status);
    const delta = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!delta) return;
    event.preventDefault();
    const next = TABS[(index + delta + TABS.length) % TABS.length]!;
    selectTab(next.id);
    requestAnimationFrame(() => document.getElementById(`chat-tab-${next.id}`)?.focus());
  };
  return (
    <div className="chat-views">
      <div role="tablist" aria-label="Conversation status" className="tabs" onKeyDown={onTabKey}>
        {TABS.map((t) => (
          <button
            key={t.id}
            id={`chat-tab-${t.id}`}
            type="button"
            role="tab"
            aria-selected={t.id === filters.status}
            aria-controls="conversations-panel"
            tabIndex={t.id === filters.status ? 0 : -1}
            className="tab"
            onClick={() => selectTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="group" aria-label="Assigned to" className="segmented">
        {VIEWS.map((v) => (
          <button
            key={v.label}
            type="button"
            className="segment"
            aria-pressed={v.id === filters.assignee}
            onClick={() => go({ assignee: v.id })}
          >
            {v.label}
          </button>
        ))}
      </div>
      {filters.visitorEmail && (
        <p className="filter-chip">
          <span className="truncate">Conversations with {filters.visitorEmail}</span>
          <button type="button" className="tag-remove" aria-label="Show all visitors" onClick={() => go({ visitorEmail: null })}>
            <Icon name="close" size={12} />
          </button>
        </p>
      )}
    </div>
  );
}
