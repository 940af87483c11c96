import { AppError } from '../errors.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { hashSecret, newId, newSecret } from '../lib/ids.js';
import { passwordResetEmail } from '../mail/password-reset-email.js';
import type { Mailer } from '../mail/mailer.js';
import type { Actor } from './accounts.js';
import { findUser, normalizeEmail } from './accounts.js';
import type { CommandContext } from './context.js';

/** A reset link works once, for an hour. */
export const RESET_TTL_MS = 60 * 60_000;

const resetTokenInvalid = () => new AppError(404, 'reset_token_invalid', 'This password reset link is unknown, expired or already used. Ask for a new one.');

/**
 * Mails a reset link when the email belongs to an account and mail is on. The route answers 202
 * before calling this, whether or not the account exists, so neither the answer nor its timing
 * tells anyone whether an account exists.
 */
export async function requestPasswordReset(ctx: CommandContext, mailer: Mailer, emailInput: string): Promise<void> {
  const now = Date.now();
  const user = await ctx.db.selectFrom('users').select(['id', 'email', 'name']).where('email', '=', normalizeEmail(emailInput)).executeTakeFirst();
  const token = newSecret('pr', 32);
  if (!user || !mailer.enabled) return;
  await ctx.db.deleteFrom('password_reset_tokens').where('expires_at', '<=', now).execute();
  await ctx.db.insertInto('password_reset_tokens').values({
    id: newId(), user_id: user.id, token_hash: hashSecret(token), created_at: now, expires_at: now + RESET_TTL_MS,
  }).execute();
  // In the fragment: browsers never send it to a server, so the token stays out of access logs and Referer.
  mailer.send(passwordResetEmail(user, mailer.link(`/reset#${token}`)));
}

/** Whether a mailed token can still be used (the reset page asks before showing its form); 404 otherwise. */
export async function checkPasswordResetToken(ctx: CommandContext, token: string): Promise<void> {
  const row = await ctx.db
    .selectFrom('password_reset_tokens')
    .select('id')
    .where('token_hash', '=', hashSecret(token))
    .where('expires_at', '>', Date.now())
    .executeTakeFirst();
  if (!row) throw resetTokenInvalid();
}

/**
 * Sets a new password with a mailed token. The token is consumed by the same statement that finds
 * it (so two simultaneous uses cannot both succeed), with the user's other reset links; every
 * session of the user ends and the sockets opened with them close. API tokens stay valid.
 */
export async function confirmPasswordReset(ctx: CommandContext, token: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  const ended = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .deleteFrom('password_reset_tokens')
      .where('token_hash', '=', hashSecret(token))
      .where('expires_at', '>', Date.now())
      .returning('user_id')
      .executeTakeFirst();
    if (!row) throw resetTokenInvalid();
    await trx.deleteFrom('password_reset_tokens').where('user_id', '=', row.user_id).execute();
    await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', row.user_id).execute();
    return trx.deleteFrom('sessions').where('user_id', '=', row.user_id).returning(['id', 'owner_id']).execute();
  });
  closeSessionSockets(ctx, ended);
}

/**
 * Changes the signed-in user's password after checking the current one (422 `wrong_password`):
 * their other sessions end and their sockets close; the session making the change stays.
 * A session only: an API token cannot change its owner's password (403).
 */
export async function changePassword(ctx: CommandContext, actor: Actor, viaSession: boolean, currentPassword: string, newPassword: string): Promise<void> {
  if (!viaSession || !actor.credentialId) throw new AppError(403, 'forbidden', 'Change the password from a signed-in session, not with an API token.');
  const user = await findUser(ctx.db, actor.userId);
  if (!user || !(await verifyPassword(currentPassword, user.password_hash))) {
    throw new AppError(422, 'wrong_password', 'The current password is not correct.', { field: 'currentPassword' });
  }
  const passwordHash = await hashPassword(newPassword);
  const ended = await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', actor.userId).execute();
    await trx.deleteFrom('password_reset_tokens').where('user_id', '=', actor.userId).execute();
    return trx
      .deleteFrom('sessions')
      .where('user_id', '=', actor.userId)
      .where('id', '!=', actor.credentialId!)
      .returning(['id', 'owner_id'])
      .execute();
  });
  closeSessionSockets(ctx, ended);
}

/** After commit: each ended session's sockets close (the same internal event logout uses). */
function closeSessionSockets(ctx: CommandContext, sessions: { id: string; owner_id: string }[]): void {
  for (const session of sessions) ctx.events.toOwner(session.owner_id, { type: 'credential.revoked', data: { credentialId: session.id } });
}
