import { useEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { api, type TicketFilters } from '../api';
import { NewTicketDialog } from '../components/NewTicketDialog';
import { ShortcutsDialog } from '../components/ShortcutsDialog';
import { TicketBulkBar } from '../components/TicketBulkBar';
import { useToast } from '../components/Toasts';
import { useListShortcuts } from '../list-shortcuts';
import { useSession } from '../session';
import { TicketMatch } from '../components/TicketMatch';
import { TicketFilterControls } from '../components/TicketFilters';
import { isOverdue, PlanningChips } from '../components/TicketPlanning';
import { StatusBadge, EmptyState, ErrorNotice, LoadMore, PageHeader, SkeletonRows } from '../components/ui';
import { formatAge, formatDateTime, visitorLabel } from '../format';
import { useDebouncedCallback, useNow, useTitle } from '../hooks';
import { useTicketList } from '../query';
import { Link, navigate, useLocation, withSearch } from '../router';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../i18n/errors';

type Tab = 'open' | 'closed' | 'all';
const TABS: Tab[] = ['open', 'closed', 'all'];

export function TicketsPage() {
  const { t } = useTranslation();
  useTitle(t('nav.tickets'));
  const { pathname, search } = useLocation();
  const requested = search.get('status');
  const q = search.get('q') ?? '';
  // A search looks through every ticket (closed ones included) unless a tab is chosen explicitly.
  const tab: Tab = requested === 'open' || requested === 'closed' || requested === 'all' ? requested : q ? 'all' : 'open';
  const [query, setQuery] = useState(q);
  const now = useNow();
  const [creating, setCreating] = useState(false);
  const [showHelp, setShowHelp] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [cursor, setCursor] = useState(-1);
  const lastClicked = useRef<number | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const { me } = useSession();
  const toast = useToast();

  const assignee = search.get('assignee');
  const tag = search.get('tag');
  const priority = search.get('priority');
  const due = search.get('due');
  const sortParam = search.get('sort');
  const [sort, order] = sortParam ? sortParam.split(':') : [null, null];
  const filters: TicketFilters = { status: tab, q, assignee, tag, priority, due, sort, order };
  // Live ticket events refetch it (query.ts).
  const tickets = useTicketList(filters);

  const items = tickets.items ?? [];
  // A new listing (other filters) starts with nothing selected and no cursor.
  useEffect(() => {
    setSelected(new Set());
    setCursor(-1);
    lastClicked.current = null;
  }, [tab, q, assignee, tag, priority, due, sortParam]);

  /** Click toggles one row; shift-click sets the whole range from the last clicked row to this one. */
  const toggleRow = (index: number, event: MouseEvent<HTMLInputElement>) => {
    const id = items[index]!.id;
    const on = !selected.has(id);
    const next = new Set(selected);
    const from = event.shiftKey && lastClicked.current !== null ? Math.min(lastClicked.current, index) : index;
    const to = event.shiftKey && lastClicked.current !== null ? Math.max(lastClicked.current, index) : index;
    for (let i = from; i <= to; i++) {
      if (on) next.add(items[i]!.id);
      else next.delete(items[i]!.id);
    }
    lastClicked.current = index;
    setSelected(next);
  };
  const allSelected = items.length > 0 && items.every((ticket) => selected.has(ticket.id));
  const toggleAll = () => setSelected(allSelected ? new Set() : new Set(items.map((ticket) => ticket.id)));

  /** e / a: act on the selection, else on the ticket under the cursor. */
  const actOn = async (set: { status?: 'closed'; assigneeId?: string }, label: string) => {
    const ids = selected.size ? [...selected] : cursor >= 0 && items[cursor] ? [items[cursor]!.id] : [];
    if (!ids.length) return;
    try {
      await api.bulkUpdateTickets(ids, set);
      toast(t('bulk.done', { action: label, count: ids.length }));
      tickets.reload();
    } catch (error) {
      toast(errorMessage(error), 'error');
    }
  };
  useListShortcuts({
    move: (delta) => {
      const next = Math.max(0, Math.min(items.length - 1, cursor + delta));
      setCursor(next);
      document.querySelector<HTMLElement>(`tr[data-ticket-id="${items[next]?.id}"] .row-link`)?.scrollIntoView({ block: 'nearest' });
    },
    open: () => {
      const ticket = items[cursor];
      if (ticket) navigate(`/tickets/${encodeURIComponent(ticket.id)}`);
    },
    focusSearch: () => searchRef.current?.focus(),
    create: () => setCreating(true),
    close: () => void actOn({ status: 'closed' }, t('bulk.closed')),
    assignToMe: () => void actOn({ assigneeId: me.user.id }, t('bulk.assignedToYou')),
    help: () => setShowHelp(true),
  });

  const pushQuery = useDebouncedCallback(() => {
    navigate(withSearch(pathname, new URLSearchParams(location.search), { q: query.trim() || null }), { replace: true });
  }, 250);
  useEffect(() => setQuery((current) => (current.trim() === q ? current : q)), [q]);

  const selectTab = (next: Tab) => navigate(withSearch(pathname, search, { status: next === 'open' && !q ? null : next }));
  const onTabKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = TABS.indexOf(tab);
    const delta = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!delta) return;
    event.preventDefault();
    const next = TABS[(index + delta + TABS.length) % TABS.length]!;
    selectTab(next);
    requestAnimationFrame(() => document.getElementById(`tab-${next}`)?.focus());
  };

  return (
    <div className="page">
      <PageHeader title={t('nav.tickets')}>
        <button type="button" className="button" onClick={() => setShowHelp(true)} title={t('tickets.list.shortcutsTitle')}>{t('tickets.list.shortcuts')}</button>
        <a className="button" href={api.exportTicketsUrl(filters)} download data-testid="export-csv">{t('tickets.list.export')}</a>
        <button type="button" className="button primary" onClick={() => setCreating(true)}>{t('tickets.new')}</button>
      </PageHeader>
      {creating && <NewTicketDialog onClose={() => setCreating(false)} />}
      {showHelp && <ShortcutsDialog onClose={() => setShowHelp(false)} />}
      <div className="toolbar">
        <div role="tablist" aria-label={t('tickets.list.statusTabs')} className="tabs" onKeyDown={onTabKey}>
          {TABS.map((id) => (
            <button
              key={id}
              id={`tab-${id}`}
              type="button"
              role="tab"
              aria-selected={id === tab}
              aria-controls="tickets-panel"
              tabIndex={id === tab ? 0 : -1}
              className="tab"
              onClick={() => selectTab(id)}
            >
              {t(`tickets.list.tabs.${id}`)}
            </button>
          ))}
        </div>
        <TicketFilterControls
          assignee={assignee}
          tag={tag}
          priority={priority}
          due={due}
          sort={sortParam}
          onChange={(changes) => navigate(withSearch(pathname, search, changes))}
        />
        <label className="search">
          <span className="visually-hidden">{t('tickets.list.search')}</span>
          <input
            ref={searchRef}
            type="search"
            placeholder={t('tickets.list.searchPlaceholder')}
            value={query}
            onChange={(event) => {
              setQuery(event.target.value);
              pushQuery();
            }}
          />
        </label>
      </div>
      <div id="tickets-panel" role="tabpanel" aria-labelledby={`tab-${tab}`} aria-busy={tickets.loading}>
        <ErrorNotice error={tickets.error} onRetry={tickets.reload} />
        {selected.size > 0 && (
          <TicketBulkBar
            ids={[...selected]}
            meId={me.user.id}
            onDone={() => { setSelected(new Set()); tickets.reload(); }}
            onClear={() => setSelected(new Set())}
          />
        )}
        {!tickets.items ? (
          tickets.error ? null : <SkeletonRows />
        ) : tickets.items.length === 0 ? (
          <EmptyState title={q ? t('tickets.list.noMatch', { q }) : assignee || tag || priority || due ? t('tickets.list.noFilterMatch') : tab === 'closed' ? t('tickets.list.noClosed') : t('tickets.list.noOpen')}>
            {!q && !assignee && !tag && !priority && !due && t('tickets.list.emptyHelp', { action: t('chat.createTicket'), plus: t('tickets.plusTicket'), new: t('tickets.new') })}
          </EmptyState>
        ) : (
          <table className="table tickets-table">
            <thead>
              <tr>
                <th scope="col" className="col-select">
                  <input type="checkbox" aria-label={t('tickets.list.selectAll')} checked={allSelected} onChange={toggleAll} />
                </th>
                <th scope="col" className="col-number">#</th>
                <th scope="col">{t('tickets.titleField')}</th>
                <th scope="col" className="col-status">{t('tickets.status')}</th>
                <th scope="col" className="col-assignee">{t('filters.assignee')}</th>
                <th scope="col" className="col-source">{t('tickets.list.source')}</th>
                <th scope="col" className="col-age">{t('tickets.list.age')}</th>
              </tr>
            </thead>
            <tbody>
              {tickets.items.map((ticket, index) => (
                <tr
                  key={ticket.id}
                  data-ticket-id={ticket.id}
                  aria-current={index === cursor ? 'true' : undefined}
                  className={[isOverdue(ticket, now) && 'overdue', selected.has(ticket.id) && 'selected', index === cursor && 'cursor'].filter(Boolean).join(' ') || undefined}
                >
                  <td className="col-select">
                    <input
                      type="checkbox"
                      aria-label={t('tickets.list.select', { number: ticket.number })}
                      checked={selected.has(ticket.id)}
                      onClick={(event) => toggleRow(index, event)}
                      onChange={() => {}}
                    />
                  </td>
                  <td className="ticket-number">#{ticket.number}</td>
                  <td className="ticket-title-cell">
                    <Link to={`/tickets/${encodeURIComponent(ticket.id)}`} className="row-link">
                      {ticket.title}
                    </Link>
                    <PlanningChips ticket={ticket} now={now} />
                    {ticket.visitor && <span className="muted small"> · {visitorLabel(ticket.visitor)}</span>}
                    {ticket.match && ticket.match.field !== 'title' && <TicketMatch match={ticket.match} />}
                    {ticket.tags.length > 0 && (
                      <span className="tag-list inline" aria-label={t('nav.tags')}>
                        {ticket.tags.map((name) => <span key={name} className="tag">{name}</span>)}
                      </span>
                    )}
                  </td>
                  <td><StatusBadge status={ticket.status} /></td>
                  <td className={ticket.assignee ? undefined : 'muted'}>{ticket.assignee?.name ?? '—'}</td>
                  <td className="muted">
                    {!ticket.source ? t('tickets.list.byHand') : ticket.source.type === 'conversation' ? t('tickets.list.fromChat') : t('tickets.list.fromForm')}
                    {ticket.source && !ticket.source.available && <span className="small"> {t('tickets.list.sourceDeleted')}</span>}
                  </td>
                  <td className="muted">
                    <time dateTime={ticket.createdAt} title={formatDateTime(ticket.createdAt)}>
                      {formatAge(ticket.createdAt, now)}
                    </time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <LoadMore cursor={tickets.nextCursor} loading={tickets.loadingMore} onMore={tickets.loadMore} />
      </div>
    </div>
  );
}
