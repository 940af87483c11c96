import type { TicketActivity } from '../../shared/schemas/ticket-activity.js';
import { iso } from './accounts.js';

interface ActivityRow {
  id: string;
  kind: string;
  data: string;
  actor_id: string | null;
  actor_name: string | null;
  created_at: number;
}

/** Owner-facing timeline entry; the actor is null when nobody acted directly or the account is gone. */
export function presentTicketActivity(row: ActivityRow): TicketActivity {
  return {
    id: row.id,
    kind: row.kind as TicketActivity['kind'],
    actor: row.actor_id && row.actor_name !== null ? { id: row.actor_id, name: row.actor_name } : null,
    data: JSON.parse(row.data) as Record<string, unknown>,
    createdAt: iso(row.created_at),
  };
}
