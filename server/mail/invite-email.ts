import type { SmtpConfig } from '../config.js';
import { sendMail, type SendOptions } from './smtp.js';

export interface InviteEmail {
  to: string;
  url: string;
  inviterName: string;
  workspaceName: string;
  expiresAt: number;
}

/** The invite link by email, for when SMTP is configured. */
export async function sendInviteEmail(smtp: SmtpConfig, invite: InviteEmail, options?: SendOptions): Promise<void> {
  const expires = new Date(invite.expiresAt).toUTCString();
  const text = [
    `${invite.inviterName} invited you to work with them in the FloatMessage workspace "${invite.workspaceName}".`,
    '',
    'Open this link to sign up or sign in and join:',
    invite.url,
    '',
    `The link works once and expires on ${expires}.`,
    'If you did not expect this invitation, you can ignore this email.',
  ].join('\n');
  const subject = `Join ${invite.workspaceName} on FloatMessage`.replace(/\s+/g, ' ');
  await sendMail(smtp, { to: invite.to, subject, text }, options);
}
