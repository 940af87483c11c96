import type { Db } from '../db/database.js';
import type { AgentNotificationKind } from '../db/schema.js';
import { newId } from '../lib/ids.js';

export interface NotificationEvent {
  ownerId: string;
  kind: AgentNotificationKind;
  /** The conversation or submission the mail will point at. */
  subjectId: string;
  /** The teammate it is for; omitted: every member of the workspace. */
  userId?: string;
}

/**
 * Records a pending teammate-mail item inside the transaction of the change it reports, so it exists
 * exactly when the change does (no event lost between a commit and a publish, none for a rolled-back
 * change, and one row however many servers hear the live event). Whether it is mailed — preference,
 * presence, batching — is decided later by the digest sender (digest-sender.ts).
 */
export async function queueAgentNotification(trx: Db, event: NotificationEvent): Promise<void> {
  const userIds = event.userId
    ? [event.userId]
    : (await trx.selectFrom('workspace_members').select('user_id').where('owner_id', '=', event.ownerId).execute()).map((m) => m.user_id);
  if (userIds.length === 0) return;
  const now = Date.now();
  await trx.insertInto('agent_notifications')
    .values(userIds.map((userId) => ({ id: newId(), owner_id: event.ownerId, user_id: userId, kind: event.kind, subject_id: event.subjectId, created_at: now })))
    .execute();
}
