import type { Db } from '../db/database.js';
import type { Webhook, WebhookDelivery } from '../db/schema.js';
import { AppError, notFound, unprocessable } from '../errors.js';
import { decodeCursor } from '../lib/cursor.js';
import { newId, newSecret } from '../lib/ids.js';
import { toTimePage } from '../lib/time-page.js';
import type { WebhookEventType } from '../../shared/schemas/webhooks.js';
import { assertTargetAllowed, parseTargetUrl, TargetRefused } from '../webhooks/targets.js';
import type { Actor } from './accounts.js';
import type { CommandContext } from './context.js';

/** More endpoints than this per workspace is a mistake, not a use case (each event is sent to every one). */
export const MAX_WEBHOOKS = 20;

/** Webhooks send the whole workspace's data elsewhere: only its owner manages them. */
function assertWebhookManager(actor: Actor): void {
  if (actor.role !== 'owner') throw new AppError(403, 'forbidden', 'Only the workspace owner manages webhooks.');
}

/** The URL checked (422 `webhook_target_refused` for private targets unless allowed), normalized. */
async function checkedUrl(ctx: CommandContext & { allowPrivate: boolean }, raw: string): Promise<string> {
  const url = parseTargetUrl(raw.trim());
  if (typeof url === 'string') throw unprocessable(url, 'url');
  try {
    await assertTargetAllowed(url, ctx.allowPrivate);
  } catch (error) {
    if (error instanceof TargetRefused) throw new AppError(422, 'webhook_target_refused', `This URL cannot receive webhooks: ${error.message}`, { field: 'url' });
    throw error;
  }
  return url.href;
}

export type WebhookContext = CommandContext & { allowPrivate: boolean };

export async function listWebhooks(db: Db, actor: Actor, page: { limit?: number; cursor?: string }) {
  assertWebhookManager(actor);
  const limit = page.limit ?? 50;
  const after = decodeCursor(page.cursor, { t: 'number', id: 'string' });
  let query = db.selectFrom('webhooks').selectAll().where('owner_id', '=', actor.ownerId);
  if (after) query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(after.t, after.id)));
  return toTimePage(await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute(), limit);
}

/** Creates an endpoint; its signing secret is returned once, here. */
export async function createWebhook(ctx: WebhookContext, actor: Actor, input: { url: string; events: WebhookEventType[] }): Promise<{ webhook: Webhook; secret: string }> {
  assertWebhookManager(actor);
  const url = await checkedUrl(ctx, input.url);
  const secret = newSecret('whsec', 32);
  const now = Date.now();
  const webhook: Webhook = {
    id: newId(), owner_id: actor.ownerId, url, events: JSON.stringify([...new Set(input.events)]), secret,
    active: 1, disabled_reason: null, consecutive_failures: 0, created_at: now, updated_at: now,
  };
  await ctx.db.transaction().execute(async (trx) => {
    const { count } = await trx.selectFrom('webhooks').select((eb) => eb.fn.countAll<number>().as('count')).where('owner_id', '=', actor.ownerId).executeTakeFirstOrThrow();
    if (Number(count) >= MAX_WEBHOOKS) throw new AppError(422, 'webhook_limit', `A workspace has at most ${MAX_WEBHOOKS} webhooks.`);
    await trx.insertInto('webhooks').values(webhook).execute();
  });
  return { webhook, secret };
}

async function findWebhook(db: Db, ownerId: string, id: string): Promise<Webhook> {
  const webhook = await db.selectFrom('webhooks').selectAll().where('owner_id', '=', ownerId).where('id', '=', id).executeTakeFirst();
  if (!webhook) throw notFound('Webhook');
  return webhook;
}

/** Changes the URL or events, or turns the endpoint off/on (on again clears the failure count and the reason; pending deliveries resume). */
export async function updateWebhook(ctx: WebhookContext, actor: Actor, id: string, changes: { url?: string; events?: WebhookEventType[]; active?: boolean }): Promise<Webhook> {
  assertWebhookManager(actor);
  const url = changes.url === undefined ? undefined : await checkedUrl(ctx, changes.url);
  const current = await findWebhook(ctx.db, actor.ownerId, id);
  const reenabled = changes.active === true && current.active === 0;
  const updated = await ctx.db.updateTable('webhooks')
    .set({
      ...(url !== undefined ? { url } : {}),
      ...(changes.events ? { events: JSON.stringify([...new Set(changes.events)]) } : {}),
      ...(changes.active !== undefined ? { active: Number(changes.active) } : {}),
      ...(reenabled ? { disabled_reason: null, consecutive_failures: 0 } : {}),
      ...(changes.active === false ? { disabled_reason: null } : {}),
      updated_at: Date.now(),
    })
    .where('owner_id', '=', actor.ownerId).where('id', '=', current.id)
    .returningAll().executeTakeFirst();
  if (!updated) throw notFound('Webhook');
  if (reenabled) ctx.webhooks.wake();
  return updated;
}

/** Deletes the endpoint and its delivery log (cascade; deleted explicitly too). */
export async function deleteWebhook(ctx: CommandContext, actor: Actor, id: string): Promise<void> {
  assertWebhookManager(actor);
  await ctx.db.transaction().execute(async (trx) => {
    const webhook = await findWebhook(trx, actor.ownerId, id);
    await trx.deleteFrom('webhook_deliveries').where('owner_id', '=', actor.ownerId).where('webhook_id', '=', webhook.id).execute();
    await trx.deleteFrom('webhooks').where('owner_id', '=', actor.ownerId).where('id', '=', webhook.id).execute();
  });
}

/** The endpoint's delivery log, newest first. */
export async function listDeliveries(db: Db, actor: Actor, webhookId: string, page: { limit?: number; cursor?: string }) {
  assertWebhookManager(actor);
  const webhook = await findWebhook(db, actor.ownerId, webhookId);
  const limit = page.limit ?? 50;
  const after = decodeCursor(page.cursor, { t: 'number', id: 'string' });
  let query = db.selectFrom('webhook_deliveries').selectAll().where('owner_id', '=', actor.ownerId).where('webhook_id', '=', webhook.id);
  if (after) query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(after.t, after.id)));
  return toTimePage(await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute(), limit);
}

/**
 * Sends a delivery again (same id and body, fresh signature): back to `pending`, due now, with the
 * retry schedule started over. An attempt in flight keeps its claim; its outcome is then overwritten.
 */
export async function redeliver(ctx: CommandContext, actor: Actor, webhookId: string, deliveryId: string): Promise<WebhookDelivery> {
  assertWebhookManager(actor);
  const updated = await ctx.db.updateTable('webhook_deliveries')
    .set({ status: 'pending', attempts: 0, next_attempt_at: Date.now(), delivered_at: null })
    .where('owner_id', '=', actor.ownerId).where('webhook_id', '=', webhookId).where('id', '=', deliveryId)
    .returningAll().executeTakeFirst();
  if (!updated) throw notFound('Delivery');
  ctx.webhooks.wake();
  return updated;
}
