import type { Db } from '../db/database.js';
import { AppError, notFound } from '../errors.js';
import type { Actor } from './accounts.js';
import type { CommandContext } from './context.js';
import { assertTeamManager, listPendingInvites } from './invites.js';
import { recordTicketActivities } from './ticket-activity.js';
import { publishTicketsUpdated, touchTickets } from './ticket-batch.js';
import { recordTicketsUpdated } from './ticket-events.js';
import { afterCommit } from './events.js';
import { publishConversationUpdated } from '../realtime/chat-events.js';

/** The workspace's people (owner first, then by joining date) and its pending invites. */
export async function listTeam(db: Db, actor: Actor) {
  const [members, invites] = await Promise.all([
    db
      .selectFrom('workspace_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.id', 'u.name', 'u.email', 'm.role', 'm.created_at'])
      .where('m.owner_id', '=', actor.ownerId)
      .orderBy('m.created_at')
      .orderBy('u.id')
      .execute(),
    listPendingInvites(db, actor.ownerId),
  ]);
  members.sort((a, b) => Number(b.role === 'owner') - Number(a.role === 'owner'));
  return { members, invites };
}

/**
 * Removes a teammate from the workspace, at once and everywhere: the membership (every request of
 * theirs is checked against it), their sessions working here and their API tokens made here. Their
 * tickets become unassigned (on each ticket's timeline), and their open owner sockets are told to close.
 */
export async function removeMember(ctx: CommandContext, actor: Actor, userId: string): Promise<void> {
  assertTeamManager(actor);
  if (userId === actor.ownerId) throw new AppError(422, 'validation_failed', 'The owner cannot leave their own workspace.', { field: 'userId' });
  const { ids: unassigned, conversations, deliveries } = await ctx.db.transaction().execute(async (trx) => {
    const member = await trx
      .selectFrom('workspace_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.id', 'u.name'])
      .where('m.owner_id', '=', actor.ownerId)
      .where('m.user_id', '=', userId)
      .executeTakeFirst();
    if (!member) throw notFound('Team member');
    await trx.deleteFrom('workspace_members').where('owner_id', '=', actor.ownerId).where('user_id', '=', member.id).execute();
    await trx.deleteFrom('sessions').where('owner_id', '=', actor.ownerId).where('user_id', '=', member.id).execute();
    await trx.deleteFrom('api_tokens').where('owner_id', '=', actor.ownerId).where('user_id', '=', member.id).execute();

    const tickets = await trx.selectFrom('tickets').select('id').where('owner_id', '=', actor.ownerId).where('assignee_id', '=', member.id).execute();
    const ids = tickets.map((ticket) => ticket.id);
    await touchTickets(ctx, trx, actor.ownerId, ids);
    await trx.updateTable('tickets').set({ assignee_id: null }).where('owner_id', '=', actor.ownerId).where('assignee_id', '=', member.id).execute();
    const owner = await trx.selectFrom('users').select(['id', 'name']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
    await recordTicketActivities(trx, ids.map((ticketId) => ({
      ownerId: actor.ownerId, ticketId, actorId: owner.id, kind: 'assignee_changed' as const,
      data: { from: { id: member.id, name: member.name }, to: null, reason: 'member_removed' },
    })));
    // Their conversations go back to the shared inbox.
    const conversations = await trx.updateTable('conversations').set({ assignee_id: null })
      .where('owner_id', '=', actor.ownerId).where('assignee_id', '=', member.id).returningAll().execute();
    return { ids, conversations, deliveries: await recordTicketsUpdated(trx, actor.ownerId, ids) };
  });
  // Sockets are not requests: the live route closes this person's owner sockets on this event.
  ctx.events.toOwner(actor.ownerId, { type: 'member.removed', data: { userId } });
  await publishTicketsUpdated(ctx, actor.ownerId, unassigned);
  for (const conversation of conversations) publishConversationUpdated(ctx.events, { ...conversation, assignee_name: null }, { id: actor.userId });
  afterCommit(ctx, deliveries);
}
