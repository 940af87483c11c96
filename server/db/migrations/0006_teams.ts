import { sql, type Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Teams and themes: workspace memberships (every owner is the `owner` member of their own
 * workspace), sessions bound to an active workspace, single-use invites, ticket assignees,
 * per-workspace tags and the append-only ticket timeline.
 */
export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  await db.schema
    .createTable('workspace_members')
    // owner_id is the workspace: the owner account's user id, the owner_id of every scoped row.
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('owner', 'member')`))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    // Which workspace a login opens: the one used last.
    .addColumn('last_active_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('workspace_members_pk', ['owner_id', 'user_id'])
    // Only the workspace's own account is its owner; everyone else is a member.
    .addCheckConstraint('workspace_members_owner_role', sql`(role = 'owner') = (owner_id = user_id)`)
    .execute();
  await db.schema.createIndex('workspace_members_user_idx').on('workspace_members').columns(['user_id', 'last_active_at']).execute();
  await sql`insert into workspace_members (owner_id, user_id, role, created_at, last_active_at)
    select id, id, 'owner', created_at, created_at from users`.execute(db);

  await addSessionWorkspace(db, engine);

  await db.schema
    .createTable('team_invites')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text')
    .addColumn('invited_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('accepted_at', 'bigint')
    .addColumn('accepted_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('team_invites_owner_idx').on('team_invites').columns(['owner_id', 'created_at']).execute();

  // A removed teammate's tickets are unassigned by the removal itself; `set null` covers deleted accounts.
  await db.schema.alterTable('tickets').addColumn('assignee_id', 'text', (c) => c.references('users.id').onDelete('set null')).execute();
  await db.schema.createIndex('tickets_owner_assignee_idx').on('tickets').columns(['owner_id', 'assignee_id', 'number']).execute();

  await db.schema
    .createTable('tags')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    // Lowercased name: tag names are unique per workspace regardless of case.
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('tags_owner_name_unique', ['owner_id', 'name_key'])
    .execute();

  await db.schema
    .createTable('ticket_tags')
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('tag_id', 'text', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_tags_pk', ['ticket_id', 'tag_id'])
    .execute();
  // Tag filter and counts walk a tag's tickets.
  await db.schema.createIndex('ticket_tags_tag_idx').on('ticket_tags').columns(['tag_id', 'ticket_id']).execute();

  // `seq` orders a ticket's activity exactly as written (several entries share a millisecond).
  let activity = db.schema.createTable('ticket_activity');
  activity = engine === 'sqlite'
    ? activity.addColumn('seq', 'integer', (c) => c.primaryKey())
    : activity.addColumn('seq', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity());
  await activity
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('actor_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('kind', 'text', (c) => c.notNull())
    // JSON text; names are copied in (titles, tag names) so the log reads as it was.
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_activity_ticket_idx').on('ticket_activity').columns(['ticket_id', 'seq']).execute();
}

/**
 * sessions.owner_id: the workspace the session works in. Existing sessions keep working in their
 * user's own workspace. SQLite cannot add a NOT NULL column without a default, so it rebuilds the table.
 */
async function addSessionWorkspace(db: Kysely<unknown>, engine: Engine): Promise<void> {
  if (engine === 'postgres') {
    await sql`alter table sessions add column owner_id text references users(id) on delete cascade`.execute(db);
    await sql`update sessions set owner_id = user_id`.execute(db);
    await sql`alter table sessions alter column owner_id set not null`.execute(db);
  } else {
    await db.schema
      .createTable('sessions_new')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await sql`insert into sessions_new (id, user_id, owner_id, created_at, expires_at)
      select id, user_id, user_id, created_at, expires_at from sessions`.execute(db);
    await sql`drop table sessions`.execute(db);
    await sql`alter table sessions_new rename to sessions`.execute(db);
    await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();
  }
  // Removing a teammate ends their sessions in that workspace: found by (owner_id, user_id).
  await db.schema.createIndex('sessions_workspace_user_idx').on('sessions').columns(['owner_id', 'user_id']).execute();
}
