import { isUniqueViolation } from '../db/database.js';
import { notFound } from '../errors.js';
import { decodeCursor, encodeCursor } from '../lib/cursor.js';
import { presentTag } from '../presenters/tags.js';
import type { Actor } from './accounts.js';
import type { CommandContext } from './context.js';
import { recordTicketActivities } from './ticket-activity.js';
import { publishTicketsUpdated, reindexTickets, touchTickets } from './ticket-batch.js';
import { recordTicketsUpdated } from './ticket-events.js';
import { afterCommit } from './events.js';
import { listTagsWithCounts, lockTag, normalizeTagName, tagExists } from './tags.js';
import type { Db } from '../db/database.js';

/** The tag overview: every tag of the workspace with its open and closed ticket counts, by name. */
export async function listTags(db: Db, actor: Actor, page: { limit?: number; cursor?: string }) {
  const limit = page.limit ?? 50;
  const after = decodeCursor(page.cursor, { k: 'string' });
  const rows = await listTagsWithCounts(db, actor.ownerId, { afterKey: after?.k, limit: limit + 1 });
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items: items.map(presentTag), nextCursor: rows.length > limit && last ? encodeCursor({ k: last.name_key }) : null };
}

async function getTag(db: Db, ownerId: string, tagId: string) {
  const [row] = await listTagsWithCounts(db, ownerId, { tagId, limit: 1 });
  if (!row) throw notFound('Tag');
  return presentTag(row);
}

async function ticketsWithTag(trx: Db, ownerId: string, tagId: string): Promise<string[]> {
  const rows = await trx.selectFrom('ticket_tags').select('ticket_id').where('owner_id', '=', ownerId).where('tag_id', '=', tagId).execute();
  return rows.map((row) => row.ticket_id);
}

/** Renames a tag on every ticket at once; their search documents follow. Another tag's name → 409. */
export async function renameTag(ctx: CommandContext, actor: Actor, tagId: string, rawName: string) {
  const { name, key } = normalizeTagName(rawName, 'name');
  let changed: { ids: string[]; deliveries: number };
  try {
    changed = await ctx.db.transaction().execute(async (trx) => {
      const tag = await lockTag(trx, ctx.engine, actor.ownerId, tagId);
      if (tag.name === name) return { ids: [], deliveries: 0 };
      const clash = await trx.selectFrom('tags').select('id').where('owner_id', '=', actor.ownerId).where('name_key', '=', key).where('id', '<>', tag.id).executeTakeFirst();
      if (clash) throw tagExists(name);
      const ids = await ticketsWithTag(trx, actor.ownerId, tag.id);
      await touchTickets(ctx, trx, actor.ownerId, ids);
      await trx.updateTable('tags').set({ name, name_key: key }).where('owner_id', '=', actor.ownerId).where('id', '=', tag.id).execute();
      await reindexTickets(ctx, trx, actor.ownerId, ids);
      return { ids, deliveries: await recordTicketsUpdated(trx, actor.ownerId, ids) };
    });
  } catch (error) {
    // Another request took the name between our check and our write.
    if (isUniqueViolation(error)) throw tagExists(name);
    throw error;
  }
  await publishTicketsUpdated(ctx, actor.ownerId, changed.ids);
  afterCommit(ctx, changed.deliveries);
  return getTag(ctx.db, actor.ownerId, tagId);
}

/** Deletes a tag: it leaves every ticket (recorded on each one's timeline) and their search documents. */
export async function deleteTag(ctx: CommandContext, actor: Actor, tagId: string): Promise<void> {
  const changed = await ctx.db.transaction().execute(async (trx) => {
    const tag = await lockTag(trx, ctx.engine, actor.ownerId, tagId);
    const ids = await ticketsWithTag(trx, actor.ownerId, tag.id);
    await touchTickets(ctx, trx, actor.ownerId, ids);
    await trx.deleteFrom('tags').where('owner_id', '=', actor.ownerId).where('id', '=', tag.id).execute();
    await recordTicketActivities(trx, ids.map((ticketId) => ({
      ownerId: actor.ownerId, ticketId, actorId: actor.userId, kind: 'tags_changed' as const,
      data: { added: [], removed: [tag.name], reason: 'tag_deleted' },
    })));
    await reindexTickets(ctx, trx, actor.ownerId, ids);
    return { ids, deliveries: await recordTicketsUpdated(trx, actor.ownerId, ids) };
  });
  await publishTicketsUpdated(ctx, actor.ownerId, changed.ids);
  afterCommit(ctx, changed.deliveries);
}
