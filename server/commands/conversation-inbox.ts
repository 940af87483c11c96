import { sql } from 'kysely';
import { lockedForUpdate } from '../db/database.js';
import type { ConversationStatus } from '../db/schema.js';
import { notFound } from '../errors.js';
import type { Actor } from './accounts.js';
import type { CommandContext } from './context.js';
import { withAssigneeNames, type ConversationView } from './conversation-views.js';
import { assertWorkspaceMember } from './tickets.js';
import { queueAgentNotification } from '../notifications/queue.js';
import { publishConversationUpdated } from '../realtime/chat-events.js';

export interface ConversationChanges {
  status?: ConversationStatus;
  /** A member of the workspace, or null to unassign. */
  assigneeId?: string | null;
}

/**
 * Resolves/reopens and assigns a conversation. The assignee must work in the workspace (422
 * otherwise, the same check tickets use). Last activity (updatedAt) is the last message and stays.
 */
export async function updateConversation(ctx: CommandContext, actor: Actor, conversationId: string, changes: ConversationChanges): Promise<{ conversation: ConversationView; changed: boolean }> {
  const { row, changed } = await ctx.db.transaction().execute(async (trx) => {
    const query = trx.selectFrom('conversations').selectAll().where('owner_id', '=', actor.ownerId).where('id', '=', conversationId);
    const current = await lockedForUpdate(query, ctx.engine).executeTakeFirst();
    if (!current) throw notFound('Conversation');
    const status = changes.status ?? current.status;
    const assigneeId = changes.assigneeId === undefined ? current.assignee_id : changes.assigneeId;
    if (assigneeId !== null && assigneeId !== current.assignee_id) await assertWorkspaceMember(ctx, trx, actor.ownerId, assigneeId);
    if (status === current.status && assigneeId === current.assignee_id) return { row: current, changed: false };
    const row = await trx.updateTable('conversations').set({ status, assignee_id: assigneeId })
      .where('owner_id', '=', actor.ownerId).where('id', '=', current.id)
      .returningAll().executeTakeFirstOrThrow();
    // Assigning someone else tells them (by mail while they are away); assigning yourself does not.
    if (assigneeId !== null && assigneeId !== current.assignee_id && assigneeId !== actor.userId) {
      await queueAgentNotification(trx, { ownerId: actor.ownerId, kind: 'assigned_to_me', subjectId: row.id, userId: assigneeId });
    }
    return { row, changed: true };
  });
  const [conversation] = await withAssigneeNames(ctx.db, [row]);
  if (changed) publishConversationUpdated(ctx.events, conversation!, { id: actor.userId });
  return { conversation: conversation!, changed };
}

/**
 * Marks everything in a conversation read for this user: stores the conversation's visitor-message
 * counter as read, in one statement (so a message arriving meanwhile is either counted or not, never half).
 */
export async function markConversationRead(ctx: CommandContext, actor: Actor, conversationId: string): Promise<ConversationView> {
  const now = Date.now();
  const result = await ctx.db
    .insertInto('conversation_reads')
    .columns(['owner_id', 'conversation_id', 'user_id', 'read_count', 'read_at'])
    .expression((eb) => eb.selectFrom('conversations')
      .select([
        'owner_id', 'id',
        eb.val(actor.userId).as('user_id'),
        'visitor_message_count',
        eb.val(now).as('read_at'),
      ])
      .where('owner_id', '=', actor.ownerId)
      .where('id', '=', conversationId))
    .onConflict((oc) => oc.columns(['conversation_id', 'user_id']).doUpdateSet((eb) => ({
      read_count: eb.ref('excluded.read_count'),
      read_at: eb.ref('excluded.read_at'),
    })))
    .executeTakeFirst();
  if (!result.numInsertedOrUpdatedRows) throw notFound('Conversation');
  const row = await ctx.db.selectFrom('conversations').selectAll().where('owner_id', '=', actor.ownerId).where('id', '=', conversationId).executeTakeFirst();
  if (!row) throw notFound('Conversation');
  const [conversation] = await withAssigneeNames(ctx.db, [row]);
  // Only this user's dashboards apply it (read: true) to their unread count.
  publishConversationUpdated(ctx.events, conversation!, { id: actor.userId }, true);
  return conversation!;
}

/** Badge counts stop here ("99+"): counting every unread row of a huge inbox on each refresh is not worth it. */
export const UNREAD_COUNT_CAP = 100;

/**
 * The navigation badges: open conversations with visitor messages this user has not read, and
 * submissions that arrived since they last viewed the list (since joining, if never). Each count
 * stops at UNREAD_COUNT_CAP, so it costs at most a bounded walk of the newest rows in the common case.
 */
export async function unreadCounts(ctx: CommandContext, actor: Actor): Promise<{ conversations: number; submissions: number }> {
  const count = async (rows: { execute(): Promise<unknown[]> }) => (await rows.execute()).length;
  const [conversations, submissions] = await Promise.all([
    count(ctx.db
      .selectFrom('conversations as c')
      .leftJoin('conversation_reads as r', (join) => join.onRef('r.conversation_id', '=', 'c.id').on('r.user_id', '=', actor.userId))
      .select(sql<number>`1`.as('one'))
      .where('c.owner_id', '=', actor.ownerId)
      .where('c.status', '=', 'open')
      .where(sql<boolean>`c.visitor_message_count > coalesce(r.read_count, 0)`)
      .orderBy('c.updated_at', 'desc')
      .limit(UNREAD_COUNT_CAP)),
    count(ctx.db
      .selectFrom('form_submissions as s')
      .innerJoin('workspace_members as m', (join) => join.on('m.owner_id', '=', actor.ownerId).on('m.user_id', '=', actor.userId))
      .select(sql<number>`1`.as('one'))
      .where('s.owner_id', '=', actor.ownerId)
      .where(sql<boolean>`s.created_at > coalesce(m.submissions_seen_at, m.created_at)`)
      .orderBy('s.created_at', 'desc')
      .limit(UNREAD_COUNT_CAP)),
  ]);
  return { conversations, submissions };
}

/** Every submission so far counts as seen for this user. */
export async function markSubmissionsSeen(ctx: CommandContext, actor: Actor): Promise<void> {
  await ctx.db.updateTable('workspace_members').set({ submissions_seen_at: Date.now() })
    .where('owner_id', '=', actor.ownerId).where('user_id', '=', actor.userId).execute();
  ctx.events.toOwner(actor.ownerId, { type: 'submissions.read', data: { actor: { id: actor.userId } } });
}
