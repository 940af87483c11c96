import type { Db } from '../db/database.js';
import type { TeamInvite, WorkspaceRole } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import { hashSecret, newId, newSecret } from '../lib/ids.js';
import type { Actor } from './accounts.js';

/** An invite link works once, for a week. */
export const INVITE_TTL_MS = 7 * 86_400_000;

const inviteGone = () => new AppError(404, 'not_found', 'This invite link is unknown, expired or already used.');

/** Team management (invites, removals) is the workspace owner's alone. */
export function assertTeamManager(actor: Actor): void {
  if (actor.role !== 'owner') throw new AppError(403, 'forbidden', 'Only the workspace owner manages the team.');
}

/** Creates a single-use invite; the token is returned once and only its hash is stored. */
export async function createInvite(db: Db, actor: Actor, email: string | undefined): Promise<{ invite: TeamInvite; token: string }> {
  assertTeamManager(actor);
  const token = newSecret('inv', 32);
  const now = Date.now();
  const invite: TeamInvite = {
    id: newId(),
    owner_id: actor.ownerId,
    token_hash: hashSecret(token),
    email: email ? email.trim().toLowerCase() : null,
    invited_by: actor.userId,
    created_at: now,
    expires_at: now + INVITE_TTL_MS,
    accepted_at: null,
    accepted_by: null,
  };
  await db.insertInto('team_invites').values(invite).execute();
  return { invite, token };
}

/** Withdraws a pending invite; a used or another workspace's invite answers 404. */
export async function revokeInvite(db: Db, actor: Actor, inviteId: string): Promise<void> {
  assertTeamManager(actor);
  const result = await db
    .deleteFrom('team_invites')
    .where('owner_id', '=', actor.ownerId)
    .where('id', '=', inviteId)
    .where('accepted_at', 'is', null)
    .executeTakeFirst();
  if (result.numDeletedRows === 0n) throw notFound('Invite');
}

export async function listPendingInvites(db: Db, ownerId: string): Promise<TeamInvite[]> {
  return db
    .selectFrom('team_invites')
    .selectAll()
    .where('owner_id', '=', ownerId)
    .where('accepted_at', 'is', null)
    .where('expires_at', '>', Date.now())
    .orderBy('created_at', 'desc')
    .execute();
}

async function findUsableInvite(db: Db, token: string): Promise<TeamInvite> {
  const invite = await db
    .selectFrom('team_invites')
    .selectAll()
    .where('token_hash', '=', hashSecret(token))
    .where('accepted_at', 'is', null)
    .where('expires_at', '>', Date.now())
    .executeTakeFirst();
  if (!invite) throw inviteGone();
  return invite;
}

/** What the public invite page shows before anyone signs in: whose workspace, until when. */
export async function previewInvite(db: Db, token: string) {
  const invite = await findUsableInvite(db, token);
  const owner = await db.selectFrom('users').select('name').where('id', '=', invite.owner_id).executeTakeFirstOrThrow();
  return { workspace: { name: owner.name }, email: invite.email, expiresAt: invite.expires_at };
}

/**
 * Joins `user` to the invite's workspace as a member and uses the invite up, inside the caller's
 * transaction. Someone already in the workspace (its owner, a member) just lands there and the
 * invite stays unused. An invite made out to an email works only for the account with that email.
 */
export async function redeemInvite(trx: Db, token: string, user: { id: string; email: string }): Promise<{ ownerId: string }> {
  const invite = await findUsableInvite(trx, token);
  const existing = await trx
    .selectFrom('workspace_members')
    .select('user_id')
    .where('owner_id', '=', invite.owner_id)
    .where('user_id', '=', user.id)
    .executeTakeFirst();
  if (existing) return { ownerId: invite.owner_id };
  if (invite.email && invite.email !== user.email) {
    throw new AppError(403, 'invite_email_mismatch', `This invite is for ${invite.email}; sign in with that account.`);
  }
  const now = Date.now();
  // Single use even under concurrent accepts: only the request that flips accepted_at proceeds.
  const used = await trx
    .updateTable('team_invites')
    .set({ accepted_at: now, accepted_by: user.id })
    .where('id', '=', invite.id)
    .where('accepted_at', 'is', null)
    .executeTakeFirst();
  if (used.numUpdatedRows === 0n) throw inviteGone();
  // Two invites of one workspace accepted at once by the same person: one membership.
  await trx.insertInto('workspace_members').values({
    owner_id: invite.owner_id, user_id: user.id, role: 'member', created_at: now, last_active_at: now,
  }).onConflict((oc) => oc.columns(['owner_id', 'user_id']).doNothing()).execute();
  return { ownerId: invite.owner_id };
}

/** A signed-in user accepts an invite: joins the workspace and, when signed in by cookie, the session switches to it. */
export async function acceptInvite(db: Db, actor: Actor, token: string, sessionToken: string | null): Promise<{ ownerId: string; role: WorkspaceRole }> {
  return db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select(['id', 'email']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
    const { ownerId } = await redeemInvite(trx, token, user);
    await trx.updateTable('workspace_members').set({ last_active_at: Date.now() })
      .where('owner_id', '=', ownerId).where('user_id', '=', user.id).execute();
    if (sessionToken) {
      await trx.updateTable('sessions').set({ owner_id: ownerId }).where('id', '=', hashSecret(sessionToken)).where('user_id', '=', user.id).execute();
    }
    return { ownerId, role: ownerId === user.id ? 'owner' : 'member' };
  });
}
