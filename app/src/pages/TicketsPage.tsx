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

type Tab = 'open' | 'closed' | 'all';
const TABS: { id: Tab; label: string }[] = [
  { id: 'open', label: 'Open' },
  { id: 'closed', label: 'Closed' },
  { id: 'all', label: 'All' },
];

export function TicketsPage() {
  useTitle('Tickets');
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
      toast(`${label}: ${ids.length} ticket${ids.length === 1 ? '' : 's'}`);
      tickets.reload();
    } catch (error) {
      toast((error as Error).message, 'error');
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
    close: () => void actOn({ status: 'closed' }, 'Closed'),
    assignToMe: () => void actOn({ assigneeId: me.user.id }, 'Assigned to you'),
    help: () => setShowHelp(true),
  });

  const pushQuery = useDebouncedCallback(() => {
    navigate(withSearch(pathname, new URLSearchParams(location.search), { q: query.trim() || null }), { replace: true });
  }, 250);
  useEffect(() => setQuery((current) => (current.trim() === q ? current : q)), [q]);

  const selectTab = (next: Tab) => navigate(withSearch(pathname, search, { status: next === 'open' && !q ? null : next }));
  const onTabKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = TABS.findIndex((t) => t.id === tab);
    const delta = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!delta) return;
    event.preventDefault();
    const next = TABS[(index + delta + TABS.length) % TABS.length]!;
    selectTab(next.id);
    requestAnimationFrame(() => document.getElementById(`tab-${next.id}`)?.focus());
  };

  return (
    <div className="page">
      <PageHeader title="Tickets">
        <button type="button" className="button" onClick={() => setShowHelp(true)} title="Keyboard shortcuts (?)">Shortcuts</button>
        <a className="button" href={api.exportTicketsUrl(filters)} download data-testid="export-csv">Export CSV</a>
        <button type="button" className="button primary" onClick={() => setCreating(true)}>New ticket</button>
      </PageHeader>
      {creating && <NewTicketDialog onClose={() => setCreating(false)} />}
      {showHelp && <ShortcutsDialog onClose={() => setShowHelp(false)} />}
      <div className="toolbar">
        <div role="tablist" aria-label="Ticket status" className="tabs" onKeyDown={onTabKey}>
          {TABS.map((t) => (
            <button
              key={t.id}
              id={`tab-${t.id}`}
              type="button"
              role="tab"
              aria-selected={t.id === tab}
              aria-controls="tickets-panel"
              tabIndex={t.id === tab ? 0 : -1}
              className="tab"
              onClick={() => selectTab(t.id)}
            >
              {t.label}
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
          <span className="visually-hidden">Search tickets</span>
          <input
            ref={searchRef}
            type="search"
            placeholder="Search tickets, notes, visitors…"
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
          <EmptyState title={q ? `No tickets match “${q}”.` : assignee || tag || priority || due ? 'No tickets match these filters.' : tab === 'closed' ? 'No closed tickets yet.' : 'No open tickets. Nice.'}>
            {!q && !assignee && !tag && !priority && !due && 'Create one from a chat (⋯ → Create Ticket), a submission (+ Ticket), or by hand (New ticket).'}
          </EmptyState>
        ) : (
          <table className="table tickets-table">
            <thead>
              <tr>
                <th scope="col" className="col-select">
                  <input type="checkbox" aria-label="Select all tickets on this page" checked={allSelected} onChange={toggleAll} />
                </th>
                <th scope="col" className="col-number">#</th>
                <th scope="col">Title</th>
                <th scope="col" className="col-status">Status</th>
                <th scope="col" className="col-assignee">Assignee</th>
                <th scope="col" className="col-source">Source</th>
                <th scope="col" className="col-age">Age</th>
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
                      aria-label={`Select ticket #${ticket.number}`}
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
                      <span className="tag-list inline" aria-label="Tags">
                        {ticket.tags.map((name) => <span key={name} className="tag">{name}</span>)}
                      </span>
                    )}
                  </td>
                  <td><StatusBadge status={ticket.status} /></td>
                  <td className={ticket.assignee ? undefined : 'muted'}>{ticket.assignee?.name ?? '—'}</td>
                  <td className="muted">
                    {!ticket.source ? 'By hand' : ticket.source.type === 'conversation' ? 'Chat' : 'Form'}
                    {ticket.source && !ticket.source.available && <span className="small"> (deleted)</span>}
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
