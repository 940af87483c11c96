import { sql, type Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Conversations as an inbox: status and assignee, the visitor's browser/OS/locale, per-user read
 * state, files in chat, saved replies and when each member last looked at the submissions.
 */
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema.alterTable('conversations')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open', 'resolved')`)).execute();
  // A removed teammate's conversations are unassigned by the removal; `set null` covers deleted accounts.
  await db.schema.alterTable('conversations').addColumn('assignee_id', 'text', (c) => c.references('users.id').onDelete('set null')).execute();
  await db.schema.alterTable('conversations').addColumn('visitor_browser', 'text').execute();
  await db.schema.alterTable('conversations').addColumn('visitor_os', 'text').execute();
  await db.schema.alterTable('conversations').addColumn('visitor_locale', 'text').execute();
  // How many visitor messages the conversation has: unreadCount = this − the value the user has read,
  // one LEFT JOIN per listed row instead of counting messages.
  await db.schema.alterTable('conversations').addColumn('visitor_message_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await sql`update conversations set visitor_message_count =
    (select count(*) from messages m where m.conversation_id = conversations.id and m.author = 'visitor')`.execute(db);

  // The inbox stays a keyset index scan with its filters: status, and assignee (with status).
  await db.schema.createIndex('conversations_owner_status_activity_idx').on('conversations').columns(['owner_id', 'status', 'updated_at', 'id']).execute();
  await db.schema.createIndex('conversations_owner_assignee_activity_idx').on('conversations')
    .columns(['owner_id', 'assignee_id', 'status', 'updated_at', 'id']).execute();
  // previousConversations and the visitorEmail filter (case-insensitive).
  await sql`create index conversations_owner_email_idx on conversations (owner_id, lower(visitor_email), updated_at, id)`.execute(db);

  await db.schema
    .createTable('conversation_reads')
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // conversations.visitor_message_count when this user last read it.
    .addColumn('read_count', 'integer', (c) => c.notNull())
    .addColumn('read_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('conversation_reads_pk', ['conversation_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('chat_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // Rows go with their conversation; the deleting command removes the objects after its commit.
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
    .addColumn('message_id', 'text', (c) => c.notNull().references('messages.id').onDelete('cascade'))
    // chats/<ownerId>/<timestamp>-<random>.<ext>
    .addColumn('object_key', 'text', (c) => c.notNull().unique())
    .addColumn('thumbnail_key', 'text', (c) => c.unique())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('chat_attachments_conversation_idx').on('chat_attachments').columns(['conversation_id', 'message_id']).execute();
  await db.schema.createIndex('chat_attachments_owner_idx').on('chat_attachments').column('owner_id').execute();

  await db.schema
    .createTable('saved_replies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // Lower-case [a-z0-9_-]{1,32}, unique per workspace.
    .addColumn('shortcut', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('saved_replies_owner_shortcut_unique', ['owner_id', 'shortcut'])
    .execute();

  // When this member last viewed the submissions list; null → since they joined.
  await db.schema.alterTable('workspace_members').addColumn('submissions_seen_at', 'bigint').execute();
}
