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

export const HTTP_SCENARIOS: HttpScenario[] = [
  { key: 'inbox', name: 'inbox first page', method: 'GET', next: () => () => ({ path: '/api/tickets' }) },
  { key: 'ticket', name: 'ticket by id', method: 'GET', next: (meta) => { const id = cycle(meta.ticketIds); return () => ({ path: `/api/tickets/${id()}` }); } },
  { key: 'search-rare', name: `search rare word`, method: 'GET', next: () => () => ({ path: `/api/tickets?q=${RARE_WORD}` }) },
  { key: 'search-common', name: `search common word`, method: 'GET', next: () => () => ({ path: `/api/tickets?q=${COMMON_WORD}` }) },
  { key: 'search-prefix', name: `search prefix of a common word`, method: 'GET', next: () => () => ({ path: PREFIX_SEARCH_PATH }) },
  {
    key: 'create', name: 'create ticket from conversation', method: 'POST',
    next: (meta) => { const id = cycle(meta.conversationIds); return () => ({ path: '/api/tickets', body: JSON.stringify({ conversationId: id() }) }); },
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
];

export function httpScenario(key: string): HttpScenario {
  const scenario = HTTP_SCENARIOS.find((s) => s.key === key);
  if (!scenario) throw new Error(`unknown scenario ${key}`);
  return scenario;
}
