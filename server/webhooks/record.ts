import { sql, type RawBuilder } from 'kysely';
import type { Db, Engine } from '../db/database.js';
import { newId } from '../lib/ids.js';
import type { WebhookEventType } from '../../shared/schemas/webhooks.js';

/** Statement size for delivery inserts (SQLite caps bound parameters per statement). */
const CHUNK = 50;

/** The workspace's active webhooks that subscribed to `type`. */
export async function subscribedWebhooks(trx: Db, ownerId: string, type: WebhookEventType): Promise<string[]> {
  const hooks = await trx.selectFrom('webhooks').select(['id', 'events']).where('owner_id', '=', ownerId).where('active', '=', 1).execute();
  return hooks.filter((hook) => (JSON.parse(hook.events) as string[]).includes(type)).map((hook) => hook.id);
}

/**
 * The same lookup as a column of the write statement itself (issue 20: one round trip less per write):
 * a correlated subquery over the workspace's active webhooks subscribed to `type`, for the RETURNING
 * list of an INSERT/UPDATE (or a CTE's final SELECT). `ownerColumn` names the row's workspace column
 * (e.g. `tickets.owner_id`), so the owner need not be known before the statement (a visitor's message).
 * Read the value with webhookIdsOf: a JSON array, parsed by pg, text on SQLite.
 */
export function subscribedWebhooksColumn(engine: Engine, type: WebhookEventType, ownerColumn: string): RawBuilder<unknown> {
  return engine === 'postgres'
    ? sql`(select coalesce(json_agg(w.id), '[]'::json) from webhooks w where ${isSubscribed(engine, type, ownerColumn)})`
    : sql`(select json_group_array(w.id) from webhooks w where ${isSubscribed(engine, type, ownerColumn)})`;
}

/** Condition on `webhooks w`: an active webhook of the workspace in `ownerColumn`, subscribed to `type`. */
export function isSubscribed(engine: Engine, type: WebhookEventType, ownerColumn: string): RawBuilder<boolean> {
  const owner = sql.ref(ownerColumn);
  return engine === 'postgres'
    ? sql<boolean>`w.owner_id = ${owner} and w.active = 1 and w.events::jsonb ? ${type}`
    : sql<boolean>`w.owner_id = ${owner} and w.active = 1 and exists (select 1 from json_each(w.events) e where e.value = ${type})`;
}

/** The column subscribedWebhooksColumn added to a returned row: webhook ids (pg parses JSON; SQLite returns text). */
export function webhookIdsOf(row: { webhook_ids?: unknown }): string[] {
  const value = typeof row.webhook_ids === 'string' ? JSON.parse(row.webhook_ids) as unknown : row.webhook_ids;
  if (!Array.isArray(value)) throw new Error('webhook_ids missing from the returned row');
  return value as string[];
}

/**
 * Writes one delivery row per event and subscribed webhook. Call it inside the transaction that makes
 * the change: the rows commit (or roll back) with it, so a crash after the commit loses nothing — the
 * sender finds them when it (or another server) runs. Each `data` is the owner-side presented object.
 * Returns how many deliveries were written.
 */
export async function insertDeliveries(trx: Db, ownerId: string, type: WebhookEventType, webhookIds: string[], events: Record<string, unknown>[]): Promise<number> {
  if (webhookIds.length === 0 || events.length === 0) return 0;
  const now = Date.now();
  const rows = events.flatMap((data) => {
    // One event id for every endpoint; each endpoint's delivery has its own id (X-FloatMessage-Delivery).
    const payload = JSON.stringify({ id: newId(), type, createdAt: new Date(now).toISOString(), data });
    return webhookIds.map((webhookId) => ({
      id: newId(), owner_id: ownerId, webhook_id: webhookId, event_type: type, payload, status: 'pending' as const,
      attempts: 0, last_status_code: null, last_error: null, last_response: null, next_attempt_at: now, claimed_until: 0, created_at: now, delivered_at: null,
    }));
  });
  for (let start = 0; start < rows.length; start += CHUNK) await trx.insertInto('webhook_deliveries').values(rows.slice(start, start + CHUNK)).execute();
  return rows.length;
}

/** One event: the subscribed webhooks' deliveries (see insertDeliveries). */
export async function recordWebhookEvent(trx: Db, ownerId: string, type: WebhookEventType, data: Record<string, unknown>): Promise<number> {
  return insertDeliveries(trx, ownerId, type, await subscribedWebhooks(trx, ownerId, type), [data]);
}
