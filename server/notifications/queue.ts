import { sql } from 'kysely';
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
  const now = Date.now();
  if (event.userId) {
    await trx.insertInto('agent_notifications')
      .values({ id: newId(), owner_id: event.ownerId, user_id: event.userId, kind: event.kind, subject_id: event.subjectId, created_at: now })
      .execute();
    return;
  }
  // Every member, in one INSERT … SELECT (it runs inside the visitor's request). One row per member and
  // subject, so the id can be derived from both.
  await trx.insertInto('agent_notifications')
    .columns(['id', 'owner_id', 'user_id', 'kind', 'subject_id', 'created_at'])
    .expression((eb) => eb.selectFrom('workspace_members')
      .select([
        sql<string>`${`${event.kind}:${event.subjectId}:`} || workspace_members.user_id`.as('id'),
        eb.val(event.ownerId).as('owner_id'),
        'workspace_members.user_id',
        eb.val(event.kind).as('kind'),
        eb.val(event.subjectId).as('subject_id'),
        eb.val(now).as('created_at'),
      ])
      .where('workspace_members.owner_id', '=', event.ownerId))
    .execute();
}
