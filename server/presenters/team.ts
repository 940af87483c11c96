import type { TeamInvite, WorkspaceRole } from '../db/schema.js';
import { iso } from './accounts.js';

export function presentTeamMember(member: { id: string; name: string; email: string; role: WorkspaceRole; created_at: number }) {
  return { id: member.id, name: member.name, email: member.email, role: member.role, joinedAt: iso(member.created_at) };
}

/** Never the token (only its hash is stored anyway). */
export function presentInvite(invite: TeamInvite) {
  return { id: invite.id, email: invite.email, createdAt: iso(invite.created_at), expiresAt: iso(invite.expires_at) };
}
