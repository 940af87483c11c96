import { renderMail, oneLine, type MailMessage } from './message.js';

export interface InviteEmail {
  to: string;
  url: string;
  inviterName: string;
  workspaceName: string;
  expiresAt: number;
}

/** The invite link by email. */
export function inviteEmail(invite: InviteEmail): MailMessage {
  const expires = new Date(invite.expiresAt).toUTCString();
  return {
    kind: 'invite',
    to: { address: invite.to },
    subject: oneLine(`Join ${invite.workspaceName} on FloatMessage`),
    ...renderMail([
      { paragraph: `${oneLine(invite.inviterName)} invited you to work with them in the FloatMessage workspace "${oneLine(invite.workspaceName)}".` },
      { button: { label: 'Open this link to sign up or sign in and join', url: invite.url } },
      { note: `The link works once and expires on ${expires}. If you did not expect this invitation, you can ignore this email.` },
    ]),
  };
}
