import type { Kysely } from 'kysely';

/**
 * Password resets by email: a single-use token per request, valid for an hour, stored only as its
 * sha256 (a leaked database does not leak a working reset link).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('password_reset_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('password_reset_tokens_user_idx').on('password_reset_tokens').column('user_id').execute();
  // Expired rows are pruned by expiry.
  await db.schema.createIndex('password_reset_tokens_expiry_idx').on('password_reset_tokens').column('expires_at').execute();
}
