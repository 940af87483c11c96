import type { Db, Engine } from '../db/database.js';
import { indexTicket } from '../db/search.js';
import { FILE_AREAS } from '../attachments/keys.js';
import { DiskObjectStore } from '../storage/disk-store.js';
import type { ObjectStore } from '../storage/object-store.js';
import { ticketSearchDocument } from './ticket-views.js';

export interface ReconcileOptions {
  fix: boolean;
  /** Fix even when the database and the store look like they do not belong together. */
  force?: boolean;
  /**
   * Objects (and disk temp files) younger than this are left alone: an upload stores its object a
   * moment before it writes the row, and that moment must not look like an orphan.
   */
  graceMs?: number;
  now?: number;
}

export interface ReconcileReport {
  objectsChecked: number;
  rowsChecked: number;
  /** Objects no row names (e.g. the owner account was deleted, or a delete failed half-way). */
  orphanObjects: string[];
  /** Rows whose file is gone: the attachment (ticket) or chat file (conversation) cannot be downloaded. */
  rowsWithoutObject: ({ id: string; ticketId: string; key: string } | { id: string; conversationId: string; key: string })[];
  /** Rows whose thumbnail is gone (the original is fine). */
  missingThumbnails: { id: string; key: string }[];
  /** Disk only: temp files a crash left mid-write. */
  staleTemporaries: string[];
  fixed: boolean;
  /** Why rows were not fixed even with --fix, if so. */
  refused: string | null;
}

type FileRow = { id: string; object_key: string; thumbnail_key: string | null; parent: { ticketId: string } | { conversationId: string } };

const DEFAULT_GRACE_MS = 60 * 60 * 1000;

/**
 * Compares the file rows (ticket attachments and chat files) with the objects in the store (`tickets/` and `chats/`), both ways. Rows are read BEFORE the
 * store is listed: an upload finishing meanwhile then shows up at worst as a young object (skipped by
 * the grace period), never as a row without its object. Keeps every key in memory (~100 bytes each).
 *
 * With `fix`: orphan objects and stale temp files are deleted; rows without their file are deleted
 * (and their tickets' search documents rebuilt); missing thumbnails are unset. The fix is refused
 * (unless `force`) when the two sides look unrelated: rows exist but not one of their objects does,
 * or there are no rows at all but there are objects.
 */
export async function reconcileAttachments(db: Db, engine: Engine, store: ObjectStore, options: ReconcileOptions): Promise<ReconcileReport> {
  const now = options.now ?? Date.now();
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  const cutoff = now - graceMs;
  await store.check();

  const [ticketRows, chatRows] = await Promise.all([
    db.selectFrom('ticket_attachments').select(['id', 'ticket_id', 'object_key', 'thumbnail_key']).execute(),
    db.selectFrom('chat_attachments').select(['id', 'conversation_id', 'object_key', 'thumbnail_key']).execute(),
  ]);
  const rows: FileRow[] = [
    ...ticketRows.map((row) => ({ ...row, parent: { ticketId: row.ticket_id } })),
    ...chatRows.map((row) => ({ ...row, parent: { conversationId: row.conversation_id } })),
  ];
  const objects = new Map<string, number>();
  // Every area files live in: ticket attachments and files sent in chat.
  for (const area of FILE_AREAS) for await (const info of store.list(`${area}/`)) objects.set(info.key, info.lastModified);

  const known = new Set(rows.flatMap((row) => (row.thumbnail_key ? [row.object_key, row.thumbnail_key] : [row.object_key])));
  const report: ReconcileReport = {
    objectsChecked: objects.size,
    rowsChecked: rows.length,
    orphanObjects: [...objects].filter(([key, modified]) => !known.has(key) && modified < cutoff).map(([key]) => key).sort(),
    rowsWithoutObject: rows.filter((row) => !objects.has(row.object_key)).map((row) => ({ id: row.id, ...row.parent, key: row.object_key })),
    missingThumbnails: rows
      .filter((row) => row.thumbnail_key !== null && objects.has(row.object_key) && !objects.has(row.thumbnail_key))
      .map((row) => ({ id: row.id, key: row.thumbnail_key! })),
    staleTemporaries: [],
    fixed: false,
    refused: null,
  };
  if (store instanceof DiskObjectStore) {
    for await (const file of store.listStaleTemporaries(graceMs)) report.staleTemporaries.push(file);
  }
  if (!options.fix) return report;

  // Guard against a wrong STORAGE_URL / DATABASE_URL: a fix would then delete someone else's files,
  // or every row.
  const found = rows.length - report.rowsWithoutObject.length;
  if (!options.force && ((rows.length > 0 && found === 0) || (rows.length === 0 && report.orphanObjects.length > 0))) {
    report.refused = rows.length > 0
      ? `not one of the ${rows.length} attachment rows has its file in this store`
      : `the database has no attachment rows but the store holds ${report.orphanObjects.length} objects`;
    report.refused += '; check STORAGE_URL and DATABASE_URL (or pass --force). Nothing was changed.';
    return report;
  }
  for (const key of report.orphanObjects) await store.delete(key);
  if (store instanceof DiskObjectStore) for (const file of report.staleTemporaries) await store.removeTemporary(file);
  await removeRows(db, engine, report.rowsWithoutObject.flatMap((row) => ('ticketId' in row ? [row.id] : [])));
  const chatRowsWithoutObject = report.rowsWithoutObject.flatMap((row) => ('conversationId' in row ? [row.id] : []));
  // A chat file's row goes; its message stays (as an empty message, like one whose file was never readable).
  if (chatRowsWithoutObject.length) await db.deleteFrom('chat_attachments').where('id', 'in', chatRowsWithoutObject).execute();
  for (const { id } of report.missingThumbnails) {
    await db.updateTable('ticket_attachments').set({ thumbnail_key: null }).where('id', '=', id).execute();
    await db.updateTable('chat_attachments').set({ thumbnail_key: null }).where('id', '=', id).execute();
  }
  report.fixed = true;
  return report;
}

async function removeRows(db: Db, engine: Engine, ids: string[]): Promise<void> {
  for (const id of ids) {
    await db.transaction().execute(async (trx) => {
      const row = await trx.deleteFrom('ticket_attachments').where('id', '=', id).returning(['ticket_id']).executeTakeFirst();
      if (!row) return;
      const ticket = await trx.selectFrom('tickets').selectAll().where('id', '=', row.ticket_id).executeTakeFirst();
      if (ticket) await indexTicket(trx, engine, { seq: ticket.seq, ownerId: ticket.owner_id }, await ticketSearchDocument(trx, ticket));
    });
  }
}

/** The report as the CLI prints it. */
export function formatReconcileReport(report: ReconcileReport): string {
  const lines = [`Checked ${report.rowsChecked} attachment rows and ${report.objectsChecked} stored objects.`];
  const section = (title: string, items: string[]) => {
    lines.push(`${title}: ${items.length}`);
    for (const item of items) lines.push(`  ${item}`);
  };
  section('Objects without a row', report.orphanObjects);
  section('Rows without their object', report.rowsWithoutObject.map((row) =>
    `${row.id} (${'ticketId' in row ? `ticket ${row.ticketId}` : `conversation ${row.conversationId}`}): ${row.key}`));
  section('Rows with a missing thumbnail', report.missingThumbnails.map((row) => `${row.id}: ${row.key}`));
  if (report.staleTemporaries.length) section('Stale temp files', report.staleTemporaries);
  if (report.refused) lines.push(`Refused: ${report.refused}`);
  lines.push(report.fixed ? 'Fixed (--fix).' : isConsistent(report) ? 'Consistent.' : 'Run with --fix to repair.');
  return lines.join('\n');
}

export function isConsistent(report: ReconcileReport): boolean {
  return !report.orphanObjects.length && !report.rowsWithoutObject.length && !report.missingThumbnails.length && !report.staleTemporaries.length;
}
