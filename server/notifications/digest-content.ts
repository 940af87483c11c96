import type { AgentNotificationsTable } from '../db/schema.js';
import type { MailMessage } from '../mail/message.js';
import type { App } from '../types.js';
import { digestEmail, type DigestItem, type DigestSection } from './digest-email.js';

/**
 * Turns claimed items into one teammate's digest: items about the same thing fold into one line,
 * workspaces the teammate left and things deleted meanwhile are left out (null: nothing left to say).
 * Every read is scoped by the item's workspace.
 */
export async function buildDigest(app: App, userId: string, items: AgentNotificationsTable[]): Promise<MailMessage | null> {
  const { db, mailer } = app;
  const user = await db.selectFrom('users').select(['email', 'name']).where('id', '=', userId).executeTakeFirst();
  if (!user) return null;
  const ownerIds = [...new Set(items.map((i) => i.owner_id))];
  const memberOf = new Set((await db.selectFrom('workspace_members').select('owner_id').where('user_id', '=', userId).where('owner_id', 'in', ownerIds).execute()).map((m) => m.owner_id));
  const owners = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ownerIds).execute();

  const sections: DigestSection[] = [];
  for (const ownerId of ownerIds.filter((id) => memberOf.has(id))) {
    const mine = items.filter((i) => i.owner_id === ownerId).sort((a, b) => a.created_at - b.created_at);
    const conversationIds = [...new Set(mine.filter((i) => i.kind !== 'new_submission' && i.kind !== 'ticket_assigned').map((i) => i.subject_id))];
    const ticketIds = [...new Set(mine.filter((i) => i.kind === 'ticket_assigned').map((i) => i.subject_id))];
    // The number and title only: a ticket's notes are internal and never mailed.
    const tickets = ticketIds.length
      ? await db.selectFrom('tickets').select(['id', 'number', 'title', 'visitor_name', 'visitor_email']).where('owner_id', '=', ownerId).where('id', 'in', ticketIds).execute()
      : [];
    const submissionIds = [...new Set(mine.filter((i) => i.kind === 'new_submission').map((i) => i.subject_id))];
    const conversations = conversationIds.length
      ? await db.selectFrom('conversations').select(['id', 'visitor_name', 'visitor_email', 'last_message_body', 'last_message_author'])
        .where('owner_id', '=', ownerId).where('id', 'in', conversationIds).execute()
      : [];
    const submissions = submissionIds.length
      ? await db.selectFrom('form_submissions').select(['id', 'form_name', 'visitor_name', 'visitor_email'])
        .where('owner_id', '=', ownerId).where('id', 'in', submissionIds).execute()
      : [];
    const lines = new Map<string, DigestItem>();
    for (const item of mine) {
      const key = `${item.kind}:${item.subject_id}`;
      const folded = lines.get(key);
      if (folded) {
        folded.count += 1;
        continue;
      }
      if (item.kind === 'ticket_assigned') {
        const ticket = tickets.find((row) => row.id === item.subject_id);
        if (ticket) lines.set(key, { kind: item.kind, count: 1, who: ticket.visitor_name ?? ticket.visitor_email, detail: `#${ticket.number} "${ticket.title}"`, url: mailer.link(`/tickets/${ticket.id}`) });
      } else if (item.kind === 'new_submission') {
        const s = submissions.find((row) => row.id === item.subject_id);
        if (s) lines.set(key, { kind: item.kind, count: 1, who: s.visitor_name ?? s.visitor_email, detail: s.form_name, url: mailer.link(`/submissions/${s.id}`) });
      } else {
        const c = conversations.find((row) => row.id === item.subject_id);
        // Only the visitor's own words are quoted (never a teammate's reply, never a note).
        const detail = c?.last_message_author === 'visitor' ? c.last_message_body : null;
        if (c) lines.set(key, { kind: item.kind, count: 1, who: c.visitor_name ?? c.visitor_email, detail, url: mailer.link(`/chat/${c.id}`) });
      }
    }
    if (lines.size) sections.push({ workspaceName: owners.find((o) => o.id === ownerId)?.name ?? 'your workspace', items: [...lines.values()] });
  }
  if (sections.length === 0) return null;
  return digestEmail({ name: user.name, address: user.email }, sections, app.config.agentEmailDigestS);
}
