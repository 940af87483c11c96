import { renderMail, type MailMessage } from './message.js';

/** The password-reset link; `url` is PUBLIC_URL/reset#<token> (the fragment never reaches a server log). */
export function passwordResetEmail(user: { email: string; name: string }, url: string): MailMessage {
  return {
    kind: 'password_reset',
    to: { name: user.name, address: user.email },
    subject: 'Reset your FloatMessage password',
    ...renderMail([
      { paragraph: `Hello ${user.name},` },
      { paragraph: 'Someone (hopefully you) asked to reset the password of your FloatMessage account.' },
      { button: { label: 'Choose a new password', url } },
      { note: 'The link works once and expires in one hour. Choosing a new password signs you out everywhere else. If you did not ask for this, ignore this email: your password stays as it is.' },
    ]),
  };
}
