import type { SignupPolicy } from '../config.js';
import type { Db, Engine } from '../db/database.js';
import { isUniqueViolation, lockNamed } from '../db/database.js';
import type { User, WorkspaceRole } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import { getDummyHash, hashPassword, verifyPassword } from '../auth/passwords.js';
import { hashSecret, newId, newSecret } from '../lib/ids.js';
import { redeemInvite } from './invites.js';
import type { CommandContext } from './context.js';

export interface SignupInput {
  email: string;
  password: string;
  name?: string;
  /** Joins the inviting workspace on signup. */
  inviteToken?: string;
}

const signupClosed = () => new AppError(403, 'signup_closed', 'Sign-ups are closed on this server; ask a teammate for an invite link.');

/** Whether a sign-up without an invite is accepted now under SIGNUP (an invite link always works). */
export async function signupOpen(db: Db, policy: SignupPolicy): Promise<boolean> {
  if (policy === 'open') return true;
  if (policy === 'invite') return false;
  return (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) === undefined;
}

/**
 * Creates an account with its own workspace (public site key, `owner` membership). With an invite
 * token the new user also joins that workspace, in the same transaction: an unknown, expired or used
 * invite (404) leaves no account behind. Duplicate email → 409. Without an invite, SIGNUP decides
 * (403 `signup_closed`); under `first` the "no account yet" check and the insert are serialized so
 * two simultaneous first sign-ups cannot both succeed.
 */
export async function signUpOwner(db: Db, input: SignupInput, rules: { policy: SignupPolicy; engine: Engine }): Promise<{ user: User; workspaceId: string }> {
  const invited = input.inviteToken !== undefined;
  if (!invited && !(await signupOpen(db, rules.policy))) throw signupClosed();
  const email = normalizeEmail(input.email);
  const user: User = {
    id: newId(),
    email,
    name: input.name?.trim() || email.split('@')[0]!,
    password_hash: await hashPassword(input.password),
    site_key: newSecret('site', 12),
    created_at: Date.now(),
  };
  try {
    return await db.transaction().execute(async (trx) => {
      if (!invited && rules.policy === 'first') {
        await lockNamed(trx, rules.engine, 'first-signup');
        if (!(await signupOpen(trx, 'first'))) throw signupClosed();
      }
      await trx.insertInto('users').values(user).execute();
      await trx.insertInto('workspace_members').values({
        owner_id: user.id, user_id: user.id, role: 'owner', created_at: user.created_at, last_active_at: user.created_at,
      }).execute();
      if (input.inviteToken === undefined) return { user, workspaceId: user.id };
      const joined = await redeemInvite(trx, input.inviteToken, user);
      return { user, workspaceId: joined.ownerId };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError(409, 'email_taken', 'An account with this email already exists.');
    throw error;
  }
}

/** Checks email + password. Unknown email and wrong password answer identically (401). */
export async function verifyCredentials(db: Db, emailInput: string, password: string): Promise<User> {
  const user = await db.selectFrom('users').selectAll().where('email', '=', normalizeEmail(emailInput)).executeTakeFirst();
  const ok = await verifyPassword(password, user?.password_hash ?? (await getDummyHash()));
  if (!user || !ok) throw new AppError(401, 'invalid_credentials', 'Email or password is incorrect.');
  return user;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Starts a session in a workspace the user belongs to; returns the secret cookie value (only its hash is stored). */
export async function startSession(db: Db, userId: string, ownerId: string, ttlDays: number): Promise<{ token: string; expiresAt: number }> {
  const token = newSecret('s', 32);
  const now = Date.now();
  const expiresAt = now + ttlDays * 86_400_000;
  await db.insertInto('sessions').values({ id: hashSecret(token), user_id: userId, owner_id: ownerId, created_at: now, expires_at: expiresAt }).execute();
  return { token, expiresAt };
}

/** The workspace a sign-in opens: the one the user worked in last (their own when they have no other). */
export async function lastActiveWorkspace(db: Db, userId: string): Promise<string> {
  const row = await db
    .selectFrom('workspace_members')
    .select('owner_id')
    .where('user_id', '=', userId)
    .orderBy('last_active_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.owner_id ?? userId;
}

/** Ends a session; returns its credential id and workspace so its open sockets can be closed. */
/** Logout: the session ends and the sockets opened with it close (`credential.revoked`, internal). */
export async function endSession(ctx: CommandContext, token: string): Promise<{ credentialId: string; ownerId: string } | null> {
  const row = await ctx.db.deleteFrom('sessions').where('id', '=', hashSecret(token)).returning(['id', 'owner_id']).executeTakeFirst();
  if (!row) return null;
  ctx.events.toOwner(row.owner_id, { type: 'credential.revoked', data: { credentialId: row.id } });
  return { credentialId: row.id, ownerId: row.owner_id };
}

export interface Actor {
  /** The person acting. */
  userId: string;
  /** The workspace (owner account) whose data the actor works on; every query is scoped by it. */
  ownerId: string;
  /** The actor's role in that workspace: `owner` manages the team, `member` does everything else. */
  role: WorkspaceRole;
  /** The session (its stored hash) or API token id that authenticated the request, when there was one. */
  credentialId?: string;
}

/**
 * The session's actor, joined with the membership it works under: a teammate removed from the
 * workspace is refused on the very next request even if a session row were left behind.
 */
export async function findSessionActor(db: Db, token: string): Promise<Actor | null> {
  return (await findSessionCredential(db, token))?.actor ?? null;
}

/** The session's actor and when the session expires (the actor cache keeps it no longer). */
export async function findSessionCredential(db: Db, token: string): Promise<{ actor: Actor; expiresAt: number } | null> {
  const id = hashSecret(token);
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('workspace_members as m', (join) => join.onRef('m.owner_id', '=', 's.owner_id').onRef('m.user_id', '=', 's.user_id'))
    .select(['s.user_id', 's.owner_id', 's.expires_at', 'm.role'])
    .where('s.id', '=', id)
    .executeTakeFirst();
  if (!row || row.expires_at <= Date.now()) return null;
  return { actor: { userId: row.user_id, ownerId: row.owner_id, role: row.role, credentialId: id }, expiresAt: row.expires_at };
}

/** Points the session at another workspace of the user (404 when they are not its member). */
export async function switchWorkspace(db: Db, sessionToken: string, userId: string, ownerId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const touched = await trx
      .updateTable('workspace_members')
      .set({ last_active_at: Date.now() })
      .where('owner_id', '=', ownerId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (touched.numUpdatedRows === 0n) throw notFound('Workspace');
    await trx.updateTable('sessions').set({ owner_id: ownerId }).where('id', '=', hashSecret(sessionToken)).where('user_id', '=', userId).execute();
  });
}

/** The workspaces a user works in, their own first; a workspace is named after its owner. */
export async function listWorkspaces(db: Db, userId: string) {
  const rows = await db
    .selectFrom('workspace_members as m')
    .innerJoin('users as u', 'u.id', 'm.owner_id')
    .select(['m.owner_id', 'm.role', 'm.created_at', 'u.name'])
    .where('m.user_id', '=', userId)
    .execute();
  return rows
    .map((row) => ({ id: row.owner_id, name: row.name, role: row.role, createdAt: row.created_at }))
    .sort((a, b) => Number(b.role === 'owner') - Number(a.role === 'owner') || a.createdAt - b.createdAt);
}

export async function createApiToken(db: Db, actor: Actor, name: string) {
  const token = newSecret('fm', 32);
  const row = {
    id: newId(),
    owner_id: actor.ownerId,
    user_id: actor.userId,
    name: name.trim(),
    token_hash: hashSecret(token),
    created_at: Date.now(),
    last_used_at: null,
  };
  await db.insertInto('api_tokens').values(row).execute();
  return { row, token };
}

/** An API token acts as its creator in the workspace it was made in, while they are still a member there. */
export async function findTokenActor(db: Db, token: string): Promise<Actor | null> {
  const row = await db
    .selectFrom('api_tokens as t')
    .innerJoin('workspace_members as m', (join) => join.onRef('m.owner_id', '=', 't.owner_id').onRef('m.user_id', '=', 't.user_id'))
    .select(['t.id', 't.owner_id', 't.user_id', 't.last_used_at', 'm.role'])
    .where('t.token_hash', '=', hashSecret(token))
    .executeTakeFirst();
  if (!row) return null;
  const now = Date.now();
  // Record use at most once a minute so reads stay reads.
  if (!row.last_used_at || now - row.last_used_at > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  return { userId: row.user_id, ownerId: row.owner_id, role: row.role, credentialId: row.id };
}

/** The workspace owner sees (and may revoke) every token of the workspace; a member only their own. */
export async function listApiTokens(db: Db, actor: Actor) {
  let query = db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_at', 'last_used_at'])
    .where('owner_id', '=', actor.ownerId);
  if (actor.role !== 'owner') query = query.where('user_id', '=', actor.userId);
  return query.orderBy('created_at', 'desc').execute();
}

export async function revokeApiToken(ctx: CommandContext, actor: Actor, tokenId: string): Promise<void> {
  let query = ctx.db.deleteFrom('api_tokens').where('owner_id', '=', actor.ownerId).where('id', '=', tokenId);
  if (actor.role !== 'owner') query = query.where('user_id', '=', actor.userId);
  const result = await query.executeTakeFirst();
  if (result.numDeletedRows === 0n) throw new AppError(404, 'not_found', 'Token not found.');
  // Sockets opened with the token close.
  ctx.events.toOwner(actor.ownerId, { type: 'credential.revoked', data: { credentialId: tokenId } });
}

/** What /api/me shows: the user, the active workspace (its owner account) and every workspace of theirs. */
export async function loadMe(db: Db, actor: Actor) {
  const [user, owner, workspaces] = await Promise.all([findUser(db, actor.userId), findUser(db, actor.ownerId), listWorkspaces(db, actor.userId)]);
  if (!user || !owner) throw notFound('Account');
  return { user, owner, role: actor.role, workspaces };
}

export async function findUser(db: Db, userId: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
}
