import { sql, type Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Email to visitors (docs/API-VISITOR-MAIL.md):
 * - `conversations.visitor_seen_at`: the last moment a visitor was known to be looking (a socket opened
 *   or closed, messages fetched, the hosted page read); a reply older than it was seen, not mailed.
 * - `conversations.visitor_mail_off_at`: the visitor unsubscribed from mail about this conversation.
 * - `visitor_mail_queue`: one row per reply or visible-ticket status change the visitor may need by
 *   mail, written in the same transaction as the change; a background sender claims rows
 *   (`sent_at` set once, by one server) and batches a conversation's rows into one mail.
 * - `visitor_access_tokens`: resume links (single use), page cookies of the hosted page `/c/{id}` and
 *   unsubscribe links; only their sha256 is stored.
 */
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema.alterTable('conversations').addColumn('visitor_seen_at', 'bigint').execute();
  await db.schema.alterTable('conversations').addColumn('visitor_mail_off_at', 'bigint').execute();

  await db.schema
    .createTable('visitor_mail_queue')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('reply', 'ticket_status')`))
    .addColumn('message_id', 'text', (c) => c.references('messages.id').onDelete('cascade'))
    .addColumn('ticket_id', 'text', (c) => c.references('tickets.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    // mailed | seen (the visitor saw it live) | off (no email, unsubscribed, or mail not configured)
    .addColumn('outcome', 'text')
    .execute();
  // The sender's scan: pending rows by age. Partial, so it stays as small as the backlog.
  await db.schema.createIndex('visitor_mail_queue_pending_idx').on('visitor_mail_queue').columns(['created_at'])
    .where(sql.ref('sent_at'), 'is', null).execute();
  await db.schema.createIndex('visitor_mail_queue_conversation_idx').on('visitor_mail_queue').columns(['conversation_id', 'sent_at']).execute();
  await db.schema.createIndex('visitor_mail_queue_message_idx').on('visitor_mail_queue').column('message_id').execute();
  await db.schema.createIndex('visitor_mail_queue_ticket_idx').on('visitor_mail_queue').column('ticket_id').execute();

  await db.schema
    .createTable('visitor_access_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('resume', 'page', 'unsubscribe')`))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('visitor_access_tokens_conversation_idx').on('visitor_access_tokens').column('conversation_id').execute();
  await db.schema.createIndex('visitor_access_tokens_expiry_idx').on('visitor_access_tokens').column('expires_at').execute();
}
