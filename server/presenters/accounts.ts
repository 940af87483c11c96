import type { ApiToken, User } from '../db/schema.js';

export const iso = (ms: number) => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

export function presentUser(user: User) {
  return { id: user.id, email: user.email, name: user.name };
}

export function presentApiToken(token: Pick<ApiToken, 'id' | 'name' | 'created_at' | 'last_used_at'>) {
  return { id: token.id, name: token.name, createdAt: iso(token.created_at), lastUsedAt: isoOrNull(token.last_used_at) };
}
