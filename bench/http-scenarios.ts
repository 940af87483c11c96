import type { DatasetMeta } from './generate.js';
import { COMMON_WORD, RARE_WORD } from './words.js';

/** A load scenario against the real server. `ceiling` names the bare-server route to compare with. */
export interface HttpScenario {
  name: string;
  method: 'GET' | 'POST' | 'PATCH';
  ceiling?: string;
  next: (meta: DatasetMeta) => () => { path: string; body?: string };
}

const cycle = <T>(items: T[]) => {
  let i = 0;
  return () => items[i++ % items.length]!;
};
const NOTES = 'Investigated with the customer: the webhook retried three times. '.repeat(16);

export const HTTP_SCENARIOS: HttpScenario[] = [
  { name: 'inbox first page', method: 'GET', ceiling: '/inbox', next: () => () => ({ path: '/api/tickets' }) },
  {
    name: 'ticket by id', method: 'GET', ceiling: '/ticket',
    next: (meta) => { const id = cycle(meta.ticketIds); return () => ({ path: `/api/tickets/${id()}` }); },
  },
  { name: `search rare word`, method: 'GET', ceiling: '/inbox', next: () => () => ({ path: `/api/tickets?q=${RARE_WORD}` }) },
  { name: `search common word`, method: 'GET', ceiling: '/inbox', next: () => () => ({ path: `/api/tickets?q=${COMMON_WORD}` }) },
  {
    name: 'create ticket from conversation', method: 'POST', ceiling: '/ticket',
    next: (meta) => { const id = cycle(meta.conversationIds); return () => ({ path: '/api/tickets', body: JSON.stringify({ conversationId: id() }) }); },
  },
  {
    name: 'status change', method: 'PATCH', ceiling: '/ticket',
    next: (meta) => {
      const id = cycle(meta.ticketIds);
      const status = cycle(['in_progress', 'closed', 'new']);
      return () => ({ path: `/api/tickets/${id()}`, body: JSON.stringify({ status: status() }) });
    },
  },
  {
    name: 'notes update', method: 'PATCH', ceiling: '/ticket',
    next: (meta) => { const id = cycle(meta.ticketIds); let n = 0; return () => ({ path: `/api/tickets/${id()}`, body: JSON.stringify({ notes: `${NOTES}${n++}` }) }); },
  },
];
