import type { ApiToken, User, WorkspaceRole } from '../db/schema.js';
import { isoTime } from '../lib/iso-time.js';

export const iso = isoTime;
export const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

export function presentUser(user: User) {
  return { id: user.id, email: user.email, name: user.name };
}

export function presentApiToken(token: Pick<ApiToken, 'id' | 'name' | 'created_at' | 'last_used_at'>) {
  return { id: token.id, name: token.name, createdAt: iso(token.created_at), lastUsedAt: isoOrNull(token.last_used_at) };
}

export function presentWorkspace(workspace: { id: string; name: string; role: WorkspaceRole }) {
  return { id: workspace.id, name: workspace.name, role: workspace.role };
}

/** The signed-in view: `site` is the active workspace's public key. */
export function presentMe(me: { user: User; owner: User; role: WorkspaceRole; workspaces: { id: string; name: string; role: WorkspaceRole }[] }) {
  return {
    user: presentUser(me.user),
    site: { key: me.owner.site_key },
    workspace: { id: me.owner.id, name: me.owner.name, role: me.role },
    workspaces: me.workspaces.map(presentWorkspace),
  };
}
