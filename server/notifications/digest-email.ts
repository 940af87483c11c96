import { oneLine, renderMail, type MailBlock, type MailMessage } from '../mail/message.js';
import type { AgentNotificationKind } from '../db/schema.js';

/** One line of a digest: what happened, about whom, and where to open it. */
export interface DigestItem {
  kind: AgentNotificationKind;
  /** How many pending items were folded into this line (e.g. several visitor replies). */
  count: number;
  /** The visitor's name or email, or null. */
  who: string | null;
  /** The last visitor message's preview, or the form's name. Never internal notes. */
  detail: string | null;
  url: string;
}

export interface DigestSection {
  workspaceName: string;
  items: DigestItem[];
}

const LABELS: Record<AgentNotificationKind, (item: DigestItem) => string> = {
  new_conversation: (i) => `New conversation${i.who ? ` from ${i.who}` : ''}`,
  new_submission: (i) => `New form submission${i.detail ? ` to "${i.detail}"` : ''}${i.who ? ` from ${i.who}` : ''}`,
  assigned_to_me: (i) => `Conversation${i.who ? ` with ${i.who}` : ''} assigned to you`,
  ticket_assigned: (i) => `Ticket ${i.detail ?? ''} assigned to you`,
  visitor_reply_assigned: (i) => `${i.count > 1 ? `${i.count} new replies` : 'New reply'}${i.who ? ` from ${i.who}` : ''} in your conversation`,
};

/** The one line naming an item (also the subject when the digest holds a single item). */
export function describeItem(item: DigestItem): string {
  return oneLine(LABELS[item.kind](item));
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The teammate's digest: a section per workspace, each item with a link into the dashboard. */
export function digestEmail(to: { name: string; address: string }, sections: DigestSection[], windowS: number): MailMessage {
  const items = sections.flatMap((s) => s.items);
  const subject = items.length === 1 ? describeItem(items[0]!) : `${items.length} updates waiting for you on FloatMessage`;
  const blocks: MailBlock[] = [{ paragraph: `Hi ${oneLine(to.name)}, this happened while you were away from the dashboard:` }];
  for (const section of sections) {
    if (sections.length > 1) blocks.push({ paragraph: `In ${oneLine(section.workspaceName)}:` });
    for (const item of section.items) {
      const quote = item.kind !== 'new_submission' && item.kind !== 'ticket_assigned' && item.detail ? ` — "${clip(oneLine(item.detail), 140)}"` : '';
      blocks.push({ paragraph: `${describeItem(item)}${quote}` });
      blocks.push({ button: { label: 'Open', url: item.url } });
    }
  }
  blocks.push({ note: `You get at most one such email every ${Math.round(windowS / 60) || 1} minute(s), and none while you have the dashboard open. Change which ones in Settings → Email notifications.` });
  return { kind: 'agent-digest', to, subject: oneLine(subject), ...renderMail(blocks) };
}
