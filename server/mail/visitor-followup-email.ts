import { describeVisitorTicket } from '../../shared/visitor-tickets.js';
import { oneLine, renderMail, type MailBlock, type MailMessage } from './message.js';

export interface FollowupReply {
  /** The teammate's display name (never an id or email); null → the team's name. */
  authorName: string | null;
  body: string;
  fileNames: string[];
}

export interface FollowupEmail {
  to: { name: string | null; address: string };
  teamName: string;
  replies: FollowupReply[];
  tickets: { number: number; title: string; status: string }[];
  /** PUBLIC_URL/c/{id}?t=<resume token> */
  pageUrl: string;
  /** PUBLIC_URL/c/{id}/unsubscribe?u=<token> */
  unsubscribeUrl: string;
}

/**
 * Replies the visitor has not seen and status changes of their visible tickets, in one mail. Only
 * visitor-presented data reaches it: the teammate's display name, the reply text, file names, a
 * ticket's number, title and status (never notes, tags, assignee, priority or anyone's email).
 */
export function visitorFollowupEmail(mail: FollowupEmail): MailMessage {
  const team = oneLine(mail.teamName) || 'The team';
  const subject = mail.replies.length > 0
    ? `${team} replied to your message`
    : mail.tickets.length === 1 ? `${describeVisitorTicket(mail.tickets[0]!)} (${team})` : `Updates on your requests with ${team}`;
  const blocks: MailBlock[] = [{ paragraph: mail.to.name ? `Hello ${oneLine(mail.to.name)},` : 'Hello,' }];
  if (mail.replies.length > 0) {
    blocks.push({ paragraph: mail.replies.length === 1 ? `${team} replied to your conversation:` : `${team} sent you ${mail.replies.length} replies:` });
    for (const reply of mail.replies) {
      const files = reply.fileNames.map((name) => `[File: ${oneLine(name)}]`);
      blocks.push({ quote: { who: oneLine(reply.authorName ?? team) || team, body: [reply.body, ...files].filter(Boolean).join('\n') } });
    }
  }
  for (const ticket of mail.tickets) blocks.push({ paragraph: `${describeVisitorTicket(ticket)}: ${oneLine(ticket.title)}` });
  blocks.push(
    { button: { label: 'Read and reply', url: mail.pageUrl } },
    { note: `Replies to this email are not read: answer on the page above (the link works once and expires in 30 days). You get this email because you left your address in a chat with ${team}.` },
    { link: { label: 'Stop emails about this conversation', url: mail.unsubscribeUrl } },
  );
  return {
    kind: 'visitor_followup',
    to: { ...(mail.to.name ? { name: oneLine(mail.to.name) } : {}), address: mail.to.address },
    subject: oneLine(subject),
    ...renderMail(blocks),
    unsubscribeUrl: mail.unsubscribeUrl,
  };
}
