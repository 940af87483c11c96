import type { KeyboardEvent } from 'react';
import { navigate, useLocation, withSearch } from '../router';
import type { ConversationFilters } from '../inbox';
import { Icon } from './Icon';
import { useTranslation } from 'react-i18next';

const TABS: { id: ConversationFilters['status']; label: 'open' | 'resolved' | 'all' }[] = [
  { id: 'open', label: 'open' },
  { id: 'resolved', label: 'resolved' },
  { id: 'all', label: 'all' },
];

const VIEWS: { id: string | null; label: 'mine' | 'unassigned' | 'all' }[] = [
  { id: 'me', label: 'mine' },
  { id: 'none', label: 'unassigned' },
  { id: null, label: 'all' },
];

/** Open / Resolved tabs and the Mine / Unassigned / All views; both live in the URL (`status`, `assignee`). */
export function ChatViews({ filters }: { filters: ConversationFilters }) {
  const { t } = useTranslation();
  const { search } = useLocation();
  // Choosing a view keeps the open conversation on the right.
  const go = (changes: Record<string, string | null>) => navigate(withSearch(location.pathname, search, changes));
  const selectTab = (status: ConversationFilters['status']) => go({ status: status === 'open' ? null : status });
  const onTabKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = TABS.findIndex((tab) => tab.id === filters.status);
    const delta = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!delta) return;
    event.preventDefault();
    const next = TABS[(index + delta + TABS.length) % TABS.length]!;
    selectTab(next.id);
    requestAnimationFrame(() => document.getElementById(`chat-tab-${next.id}`)?.focus());
  };
  return (
    <div className="chat-views">
      <div role="tablist" aria-label={t('chat.statusTabs')} className="tabs" onKeyDown={onTabKey}>
        {TABS.map((tab) => (
          <button
            key={tab.id}
            id={`chat-tab-${tab.id}`}
            type="button"
            role="tab"
            aria-selected={tab.id === filters.status}
            aria-controls="conversations-panel"
            tabIndex={tab.id === filters.status ? 0 : -1}
            className="tab"
            onClick={() => selectTab(tab.id)}
          >
            {t(`chat.tabs.${tab.label}`)}
          </button>
        ))}
      </div>
      <div role="group" aria-label={t('chat.assignedTo')} className="segmented">
        {VIEWS.map((v) => (
          <button
            key={v.label}
            type="button"
            className="segment"
            aria-pressed={v.id === filters.assignee}
            onClick={() => go({ assignee: v.id })}
          >
            {t(`chat.views.${v.label}`)}
          </button>
        ))}
      </div>
      {filters.visitorEmail && (
        <p className="filter-chip">
          <span className="truncate">{t('chat.conversationsWith', { email: filters.visitorEmail })}</span>
          <button type="button" className="tag-remove" aria-label={t('chat.showAllVisitors')} onClick={() => go({ visitorEmail: null })}>
            <Icon name="close" size={12} />
          </button>
        </p>
      )}
    </div>
  );
}
