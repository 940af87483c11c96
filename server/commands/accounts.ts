import type { Db } from '../db/database.js';
import { isUniqueViolation } from '../db/database.js';
import type { User } from '../db/schema.js';
import { AppError } from '../errors.js';
import { getDummyHash, hashPassword, verifyPassword } from '../auth/passwords.js';
import { hashSecret, newId, newSecret } from '../lib/ids.js';

export interface SignupInput {
  email: string;
  password: string;
  name?: string;
}

/** Creates an owner account with its public site key. Duplicate email → 409. */
export async function signUpOwner(db: Db, input: SignupInput): Promise<User> {
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
    await db.insertInto('users').values(user).execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError(409, 'email_taken', 'An account with this email already exists.');
    throw error;
  }
  return user;
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

/** Starts a session; returns the secret cookie value (only its hash is stored). */
export async function startSession(db: Db, userId: string, ttlDays: number): Promise<{ token: string; expiresAt: number }> {
  const token = newSecret('s', 32);
  const now = Date.now();
  const expiresAt = now + ttlDays * 86_400_000;
  await db.insertInto('sessions').values({ id: hashSecret(token), user_id: userId, created_at: now, expires_at: expiresAt }).execute();
  return { token, expiresAt };
}

export async function endSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', hashSecret(token)).execute();
}

export interface Actor {
  /** The person acting. */
  userId: string;
  /** The workspace (owner account) whose data the actor works on; every query is scoped by it. */
  ownerId: string;
}

export async function findSessionActor(db: Db, token: string): Promise<Actor | null> {
  const row = await db
    .selectFrom('sessions')
    .select(['user_id', 'expires_at'])
    .where('id', '=', hashSecret(token))
    .executeTakeFirst();
  if (!row || row.expires_at <= Date.now()) return null;
  return { userId: row.user_id, ownerId: row.user_id };
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

export async function findTokenActor(db: Db, token: string): Promise<Actor | null> {
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'owner_id', 'user_id', 'last_used_at'])
    .where('token_hash', '=', hashSecret(token))
    .executeTakeFirst();
  if (!row) return null;
  const now = Date.now();
  // Record use at most once a minute so reads stay reads.
  if (!row.last_used_at || now - row.last_used_at > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  return { userId: row.user_id, ownerId: row.owner_id };
}

export async function listApiTokens(db: Db, actor: Actor) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_at', 'last_used_at'])
    .where('owner_id', '=', actor.ownerId)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function revokeApiToken(db: Db, actor: Actor, tokenId: string): Promise<void> {
  const result = await db.deleteFrom('api_tokens').where('owner_id', '=', actor.ownerId).where('id', '=', tokenId).executeTakeFirst();
  if (result.numDeletedRows === 0n) throw new AppError(404, 'not_found', 'Token not found.');
}

export async function findUser(db: Db, userId: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
}
