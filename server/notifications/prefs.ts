import type { NotificationPrefs } from '../../shared/schemas/availability.js';
import type { Actor } from '../commands/accounts.js';
import type { Db } from '../db/database.js';
import type { AgentNotificationKind, NotificationPrefsTable } from '../db/schema.js';

type PrefColumns = Omit<NotificationPrefsTable, 'owner_id' | 'user_id'>;

/** No row: every switch on (a teammate hears about their workspace until they turn it off). */
const ALL_ON: PrefColumns = { new_conversation: 1, new_submission: 1, assigned_to_me: 1, visitor_reply_assigned: 1 };

export function presentPrefs(row: PrefColumns | undefined): NotificationPrefs {
  const r = row ?? ALL_ON;
  return {
    email: {
      newConversation: Boolean(r.new_conversation),
      newSubmission: Boolean(r.new_submission),
      assignedToMe: Boolean(r.assigned_to_me),
      visitorReplyAssigned: Boolean(r.visitor_reply_assigned),
    },
  };
}

/** Whether a kind of item is switched on in these preferences (columns are named after the kinds). */
export function wants(row: PrefColumns | undefined, kind: AgentNotificationKind): boolean {
  return Boolean((row ?? ALL_ON)[kind === 'ticket_assigned' ? 'assigned_to_me' : kind]);
}

export async function loadPrefRows(db: Db, userId: string, ownerIds: string[]): Promise<Map<string, PrefColumns>> {
  if (ownerIds.length === 0) return new Map();
  const rows = await db.selectFrom('notification_prefs').selectAll().where('user_id', '=', userId).where('owner_id', 'in', ownerIds).execute();
  return new Map(rows.map((r) => [r.owner_id, r]));
}

export async function getNotificationPrefs(db: Db, actor: Actor): Promise<NotificationPrefs> {
  const rows = await loadPrefRows(db, actor.userId, [actor.ownerId]);
  return presentPrefs(rows.get(actor.ownerId));
}

/** The actor's own switches in the active workspace (one upsert). */
export async function saveNotificationPrefs(db: Db, actor: Actor, prefs: NotificationPrefs): Promise<NotificationPrefs> {
  const { email } = prefs;
  const columns: PrefColumns = {
    new_conversation: email.newConversation ? 1 : 0,
    new_submission: email.newSubmission ? 1 : 0,
    assigned_to_me: email.assignedToMe ? 1 : 0,
    visitor_reply_assigned: email.visitorReplyAssigned ? 1 : 0,
  };
  await db.insertInto('notification_prefs').values({ owner_id: actor.ownerId, user_id: actor.userId, ...columns })
    .onConflict((oc) => oc.columns(['owner_id', 'user_id']).doUpdateSet(columns))
    .execute();
  return presentPrefs(columns);
}
