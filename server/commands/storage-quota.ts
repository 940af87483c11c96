import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import type { CommandContext } from './context.js';

/**
 * The per-workspace storage quota (WORKSPACE_STORAGE_QUOTA_MB; off by default).
 *
 * Usage is the sum of the stored files' sizes read from the rows themselves (ticket attachments and
 * files in chat, visitor files and ticket copies of chat files included; thumbnails are not counted),
 * never a separate counter: deleting a row (an attachment, a ticket, a conversation and its files by
 * cascade) frees its bytes by construction, so there is no counter to keep in step on every delete path.
 * Exact under concurrency: the check runs inside the transaction that inserts the new row, after
 * taking a per-workspace lock (PostgreSQL: a transaction-scoped advisory lock, held by every server on
 * the database; SQLite: the write transaction itself, BEGIN IMMEDIATE, serialises writers), so two
 * uploads cannot both see room for one.
 */
export interface StorageUsage {
  usedBytes: number;
  fileCount: number;
}

export async function measureStorageUsage(db: Db, ownerId: string): Promise<StorageUsage> {
  const sum = (table: 'ticket_attachments' | 'chat_attachments') => db.selectFrom(table)
    .select((eb) => [eb.fn.coalesce(eb.fn.sum<number | string>('size'), sql<number>`0`).as('bytes'), eb.fn.countAll<number | string>().as('files')])
    .where('owner_id', '=', ownerId)
    .executeTakeFirstOrThrow();
  const [tickets, chats] = await Promise.all([sum('ticket_attachments'), sum('chat_attachments')]);
  return { usedBytes: Number(tickets.bytes) + Number(chats.bytes), fileCount: Number(tickets.files) + Number(chats.files) };
}

/** Before reading an upload's body: a workspace already at its quota is told so at once (nothing is read). */
export async function assertStorageLeft(ctx: CommandContext, ownerId: string, audience: Audience = 'team'): Promise<void> {
  const quota = ctx.storageQuotaBytes;
  if (!quota) return;
  const { usedBytes } = await measureStorageUsage(ctx.db, ownerId);
  if (usedBytes >= quota) throw audience === 'visitor' ? visitorRefusal() : quotaExceeded(usedBytes, quota);
}

/**
 * In the transaction that writes the row of a new file of `bytes`: locks the workspace's quota and
 * refuses (507) when the file does not fit. The caller's error path then removes the stored object.
 */
export async function reserveStorage(ctx: CommandContext, trx: Db, ownerId: string, bytes: number, audience: Audience = 'team'): Promise<void> {
  const quota = ctx.storageQuotaBytes;
  if (!quota) return;
  if (ctx.engine === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${`storage-quota:${ownerId}`}))`.execute(trx);
  const { usedBytes } = await measureStorageUsage(trx, ownerId);
  if (usedBytes + bytes > quota) throw audience === 'visitor' ? visitorRefusal() : quotaExceeded(usedBytes, quota, bytes);
}

/** Who is told: the team sees usage and the setting to raise; a visitor only that the file cannot be kept. */
export type Audience = 'team' | 'visitor';

function visitorRefusal(): AppError {
  return new AppError(507, 'storage_quota_exceeded', 'This file cannot be stored: the file storage of this chat is full. Send a smaller file or describe it in a message.');
}

/** 507 with what is used of what is allowed; `fileBytes` when the workspace has room, just not for this file. */
function quotaExceeded(usedBytes: number, quotaBytes: number, fileBytes?: number): AppError {
  const state = `${megabytes(usedBytes)} of ${megabytes(quotaBytes)} used`;
  const what = fileBytes === undefined || usedBytes >= quotaBytes
    ? `This workspace's file storage is full (${state}).`
    : `This file (${megabytes(fileBytes)}) does not fit in this workspace's file storage (${state}).`;
  return new AppError(
    507,
    'storage_quota_exceeded',
    `${what} Delete files you no longer need, or ask the server administrator to raise WORKSPACE_STORAGE_QUOTA_MB.`,
    { usedBytes, quotaBytes },
  );
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
