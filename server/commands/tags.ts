import { sql } from 'kysely';
import { TAG_NAME_MAX_LENGTH, TAGS_PER_TICKET_MAX } from '../../shared/schemas/tags.js';
import type { Db, Engine } from '../db/database.js';
import type { Tag } from '../db/schema.js';
import { AppError, notFound, unprocessable } from '../errors.js';
import { newId } from '../lib/ids.js';

export interface TagName {
  name: string;
  /** Case-folded (tagKey): names are unique per workspace regardless of case. */
  key: string;
}

/**
 * The case-insensitive key of a tag name: lowercase, with `ß`/`ẞ` as `ss` and the Turkish dotted and
 * dotless i (`İ`, `ı`) as `i`, so `STRASSE` is `Straße` and `İade` is `iade`. Accents stay (`Café` ≠ `Cafe`).
 */
export function tagKey(name: string): string {
  return name.replace(/İ/g, 'i').toLowerCase().replace(/ß/g, 'ss').replace(/ı/g, 'i');
}

/** Trims and collapses whitespace; refuses empty, over-long and control-character names (422 naming `field`). */
export function normalizeTagName(raw: string, field = 'tags'): TagName {
  const name = raw.normalize('NFC').trim().replace(/\s+/gu, ' ');
  if (!name) throw unprocessable('A tag name cannot be empty.', field);
  if (/\p{Cc}/u.test(name)) throw unprocessable('A tag name cannot contain control characters.', field);
  if ([...name].length > TAG_NAME_MAX_LENGTH) throw unprocessable(`A tag name is at most ${TAG_NAME_MAX_LENGTH} characters.`, field);
  return { name, key: tagKey(name) };
}

/** A ticket's wanted tags: normalized, the first spelling of each name kept, at most TAGS_PER_TICKET_MAX. */
export function normalizeTagNames(raw: string[]): TagName[] {
  const byKey = new Map<string, TagName>();
  for (const item of raw) {
    const tag = normalizeTagName(item);
    if (!byKey.has(tag.key)) byKey.set(tag.key, tag);
  }
  if (byKey.size > TAGS_PER_TICKET_MAX) throw unprocessable(`A ticket has at most ${TAGS_PER_TICKET_MAX} tags.`, 'tags');
  return [...byKey.values()];
}

export function sortTagNames(names: string[]): string[] {
  return [...names].sort((a, b) => compare(a.toLowerCase(), b.toLowerCase()) || compare(a, b));
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The workspace's tags of these names, created on the fly; an existing tag keeps its spelling. */
async function ensureTags(trx: Db, ownerId: string, names: TagName[]): Promise<Tag[]> {
  if (names.length === 0) return [];
  const now = Date.now();
  // ON CONFLICT DO NOTHING: a tag created concurrently by another request is simply reused. Inserted
  // in key order, so two requests creating the same new tags wait for each other instead of deadlocking.
  const sorted = [...names].sort((a, b) => compare(a.key, b.key));
  await trx
    .insertInto('tags')
    .values(sorted.map((tag) => ({ id: newId(), owner_id: ownerId, name: tag.name, name_key: tag.key, created_at: now })))
    .onConflict((oc) => oc.columns(['owner_id', 'name_key']).doNothing())
    .execute();
  return trx.selectFrom('tags').selectAll().where('owner_id', '=', ownerId).where('name_key', 'in', names.map((tag) => tag.key)).execute();
}

/** Replaces a ticket's tags; returns the names added and removed (for the timeline). */
export async function setTicketTags(trx: Db, ownerId: string, ticketId: string, names: TagName[]): Promise<{ added: string[]; removed: string[] }> {
  const wanted = await ensureTags(trx, ownerId, names);
  const current = await trx
    .selectFrom('ticket_tags as tt')
    .innerJoin('tags as t', 't.id', 'tt.tag_id')
    .select(['t.id', 't.name'])
    .where('tt.owner_id', '=', ownerId)
    .where('tt.ticket_id', '=', ticketId)
    .execute();
  const wantedIds = new Set(wanted.map((tag) => tag.id));
  const currentIds = new Set(current.map((tag) => tag.id));
  const added = wanted.filter((tag) => !currentIds.has(tag.id));
  const removed = current.filter((tag) => !wantedIds.has(tag.id));
  if (removed.length) {
    await trx.deleteFrom('ticket_tags').where('ticket_id', '=', ticketId).where('tag_id', 'in', removed.map((tag) => tag.id)).execute();
  }
  if (added.length) {
    const now = Date.now();
    await trx.insertInto('ticket_tags').values(added.map((tag) => ({ owner_id: ownerId, ticket_id: ticketId, tag_id: tag.id, created_at: now }))).execute();
  }
  return { added: sortTagNames(added.map((tag) => tag.name)), removed: sortTagNames(removed.map((tag) => tag.name)) };
}

/** Tag names of each ticket, sorted; one query for the whole page. */
export async function loadTagNames(db: Db, ownerId: string, ticketIds: string[]): Promise<Map<string, string[]>> {
  const byTicket = new Map<string, string[]>();
  if (ticketIds.length === 0) return byTicket;
  const rows = await db
    .selectFrom('ticket_tags as tt')
    .innerJoin('tags as t', 't.id', 'tt.tag_id')
    .select(['tt.ticket_id', 't.name'])
    .where('tt.ticket_id', 'in', ticketIds)
    .where('tt.owner_id', '=', ownerId)
    .execute();
  for (const row of rows) byTicket.set(row.ticket_id, [...(byTicket.get(row.ticket_id) ?? []), row.name]);
  for (const [id, names] of byTicket) byTicket.set(id, sortTagNames(names));
  return byTicket;
}

/** The tag a list filter names, or null when the workspace has no such tag (the filter then matches nothing). */
export async function findTagIdByName(db: Db, ownerId: string, rawName: string): Promise<string | null> {
  let key: string;
  try {
    key = normalizeTagName(rawName).key;
  } catch {
    return null;
  }
  const row = await db.selectFrom('tags').select('id').where('owner_id', '=', ownerId).where('name_key', '=', key).executeTakeFirst();
  return row?.id ?? null;
}

/** Tags with their open and closed ticket counts, by name (keyset on the lowercased name). */
export async function listTagsWithCounts(db: Db, ownerId: string, options: { afterKey?: string; tagId?: string; limit: number }) {
  let query = db
    .selectFrom('tags as t')
    .leftJoin('ticket_tags as tt', 'tt.tag_id', 't.id')
    .leftJoin('tickets as k', 'k.id', 'tt.ticket_id')
    .select([
      't.id', 't.name', 't.name_key', 't.created_at',
      sql<number>`coalesce(sum(case when k.status <> 'closed' then 1 else 0 end), 0)`.as('open_count'),
      sql<number>`coalesce(sum(case when k.status = 'closed' then 1 else 0 end), 0)`.as('closed_count'),
    ])
    .where('t.owner_id', '=', ownerId);
  if (options.afterKey !== undefined) query = query.where('t.name_key', '>', options.afterKey);
  if (options.tagId !== undefined) query = query.where('t.id', '=', options.tagId);
  const rows = await query.groupBy(['t.id', 't.name', 't.name_key', 't.created_at']).orderBy('t.name_key').limit(options.limit).execute();
  return rows.map((row) => ({ ...row, open_count: Number(row.open_count), closed_count: Number(row.closed_count) }));
}

export type TagWithCounts = Awaited<ReturnType<typeof listTagsWithCounts>>[number];

/**
 * Reads a tag for a rename or delete. On PostgreSQL the row is locked FOR UPDATE first: a concurrent
 * ticket edit adding this tag (its foreign-key check needs a KEY SHARE lock) waits, so the set of
 * tickets carrying the tag cannot change under the operation.
 */
export async function lockTag(trx: Db, engine: Engine, ownerId: string, tagId: string): Promise<Tag> {
  let query = trx.selectFrom('tags').selectAll().where('owner_id', '=', ownerId).where('id', '=', tagId);
  if (engine === 'postgres') query = query.forUpdate();
  const tag = await query.executeTakeFirst();
  if (!tag) throw notFound('Tag');
  return tag;
}

export const tagExists = (name: string) => new AppError(409, 'tag_exists', `A tag named "${name}" already exists.`);
