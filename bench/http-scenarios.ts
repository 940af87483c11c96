import type { DatasetMeta } from './generate.js';
import { COMMON_PREFIX, COMMON_WORD, RARE_WORD } from './words.js';

/**
 * A load scenario against the real server. `key` names it on the command line (`--only`) and at the
 * ceiling, which answers each scenario with that scenario's own bytes (writes: to the same method).
 */
export interface HttpScenario {
  key: string;
  name: string;
  method: 'GET' | 'POST' | 'PATCH';
  next: (meta: DatasetMeta) => () => { path: string; body?: string };
}

const cycle = <T>(items: T[]) => {
  let i = 0;
  return () => items[i++ % items.length]!;
};
const NOTES = 'Investigated with the customer: the webhook retried three times. '.repeat(16);

/** The head-of-line scenario's background load: a search for the start of a common word. */
export const PREFIX_SEARCH_PATH = `/api/tickets?q=${COMMON_PREFIX}`;

/**
 * Issue 15's sorts and filters: the open inbox (the dashboard's default) and, for some, every ticket
 * (status=all: 1M candidates at the 1M scale).
 */
const LIST_VIEWS: { key: string; name: string; query: string; pageTwo?: boolean }[] = [
  { key: 'sort-updated', name: 'open, sorted by updated', query: 'sort=updated', pageTwo: true },
  { key: 'sort-priority', name: 'open, sorted by priority', query: 'sort=priority', pageTwo: true },
  { key: 'sort-due', name: 'open, sorted by due date', query: 'sort=due', pageTwo: true },
  { key: 'sort-all-updated', name: 'all, sorted by updated', query: 'status=all&sort=updated' },
  { key: 'sort-all-created', name: 'all, sorted by created', query: 'status=all&sort=created' },
  { key: 'sort-all-number-asc', name: 'all, sorted by number, oldest first', query: 'status=all&sort=number&order=asc' },
  { key: 'filter-priority', name: 'filter priority=urgent (open)', query: 'priority=urgent' },
  { key: 'filter-overdue', name: 'filter due=overdue', query: 'due=overdue' },
  { key: 'filter-today', name: 'filter due=today', query: 'due=today' },
  { key: 'filter-week', name: 'filter due=week, sorted by due', query: 'due=week&sort=due' },
  { key: 'filter-priority-due', name: 'filter priority=high, sorted by due', query: 'priority=high&sort=due' },
];

/** The list paths whose second page is measured too: the orchestrator fetches page 1 and stores its cursor in the run's meta. */
export const PAGE_TWO_VIEWS = LIST_VIEWS.filter((v) => v.pageTwo).map((v) => ({ key: `${v.key}-page-2`, path: `/api/tickets?${v.query}` }));

const listScenarios: HttpScenario[] = LIST_VIEWS.flatMap((view) => [
  { key: view.key, name: view.name, method: 'GET' as const, next: () => () => ({ path: `/api/tickets?${view.query}` }) },
  ...(view.pageTwo
    ? [{
      key: `${view.key}-page-2`, name: `${view.name}, page 2 (cursor)`, method: 'GET' as const,
      next: (meta: DatasetMeta) => {
        const cursor = meta.cursors?.[`${view.key}-page-2`];
        if (!cursor) throw new Error(`no cursor for ${view.key}: the orchestrator stores it before the run`);
        return () => ({ path: `/api/tickets?${view.query}&cursor=${encodeURIComponent(cursor)}` });
      },
    }]
    : []),
]);

export const HTTP_SCENARIOS: HttpScenario[] = [
  { key: 'inbox', name: 'inbox first page', method: 'GET', next: () => () => ({ path: '/api/tickets' }) },
  // Issue 13: the chat inbox (open conversations with assignee and this user's unread counts; 200k conversations at 1M)
  // is compared with the ticket inbox above.
  { key: 'conversations', name: 'conversation list first page (unread counts)', method: 'GET', next: () => () => ({ path: '/api/conversations' }) },
  { key: 'ticket', name: 'ticket by id', method: 'GET', next: (meta) => { const id = cycle(meta.ticketIds); return () => ({ path: `/api/tickets/${id()}` }); } },
  { key: 'search-rare', name: `search rare word`, method: 'GET', next: () => () => ({ path: `/api/tickets?q=${RARE_WORD}` }) },
  { key: 'search-common', name: `search common word`, method: 'GET', next: () => () => ({ path: `/api/tickets?q=${COMMON_WORD}` }) },
  { key: 'search-prefix', name: `search prefix of a common word`, method: 'GET', next: () => () => ({ path: PREFIX_SEARCH_PATH }) },
  {
    key: 'create', name: 'create ticket from conversation', method: 'POST',
    // allowDuplicate: the data set's conversations already have tickets (5 each on average) and the run creates
    // more; without it every request after a conversation's first is a 409 (issue 15's duplicate guard).
    next: (meta) => { const id = cycle(meta.conversationIds); return () => ({ path: '/api/tickets', body: JSON.stringify({ conversationId: id(), allowDuplicate: true }) }); },
  },
  {
    key: 'status', name: 'status change', method: 'PATCH',
    next: (meta) => {
      const id = cycle(meta.ticketIds);
      const status = cycle(['in_progress', 'closed', 'new']);
      return () => ({ path: `/api/tickets/${id()}`, body: JSON.stringify({ status: status() }) });
    },
  },
  {
    key: 'notes', name: 'notes update', method: 'PATCH',
    next: (meta) => { const id = cycle(meta.ticketIds); let n = 0; return () => ({ path: `/api/tickets/${id()}`, body: JSON.stringify({ notes: `${NOTES}${n++}` }) }); },
  },
  ...listScenarios,
];

export function httpScenario(key: string): HttpScenario {
  const scenario = HTTP_SCENARIOS.find((s) => s.key === key);
  if (!scenario) throw new Error(`unknown scenario ${key}`);
  return scenario;
}
