import { sql, type Kysely } from 'kysely';
import type { Engine } from '../database.js';

export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('conversations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('visitor_token_hash', 'text', (c) => c.notNull())
    .addColumn('visitor_name', 'text')
    .addColumn('visitor_email', 'text')
    .addColumn('page_url', 'text')
    .addColumn('country', 'text')
    .addColumn('last_message_body', 'text')
    .addColumn('last_message_author', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    // Last activity: the inbox orders by it.
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('conversations_owner_activity_idx').on('conversations').columns(['owner_id', 'updated_at', 'id']).execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
    .addColumn('author', 'text', (c) => c.notNull().check(sqlAuthorCheck()))
    .addColumn('author_user_id', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('messages_conversation_time_idx').on('messages').columns(['conversation_id', 'created_at', 'id']).execute();
}

function sqlAuthorCheck() {
  return sql`author in ('visitor', 'owner')`;
}
