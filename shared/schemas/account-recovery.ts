import { Type, type Static } from '@sinclair/typebox';
import { StringEnum } from './common.js';

/** The same rule as sign-up. */
const NewPassword = Type.String({ minLength: 8, maxLength: 200, description: 'At least 8 characters.' });

export const PasswordResetBody = Type.Object({ email: Type.String({ minLength: 1, maxLength: 254 }) });

export const PasswordResetConfirmBody = Type.Object({
  token: Type.String({ minLength: 1, maxLength: 200, description: 'From the mailed link `PUBLIC_URL/reset#<token>`.' }),
  password: NewPassword,
});

export const PasswordResetCheckBody = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });

export const ChangePasswordBody = Type.Object({
  currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
  newPassword: NewPassword,
});

export const SignupPolicyResponse = Type.Object({
  policy: StringEnum(['first', 'open', 'invite'], { description: 'The SIGNUP setting.' }),
  open: Type.Boolean({ description: 'Whether a sign-up without an invite would be accepted now (an invite link always works).' }),
});

export const MailStatusResponse = Type.Object({
  enabled: Type.Boolean({ description: 'Whether this server sends mail (invites, password resets).' }),
  missing: Type.Array(StringEnum(['SMTP_URL', 'PUBLIC_URL']), { description: 'The settings that must be set for mail to be sent; empty when enabled.' }),
});

export type SignupPolicy = Static<typeof SignupPolicyResponse>;
export type MailStatus = Static<typeof MailStatusResponse>;
