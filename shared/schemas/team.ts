import { Type, type Static } from '@sinclair/typebox';
import { Nullable, StringEnum, Timestamp } from './common.js';

export const TeamMember = Type.Object({
  id: Type.String({ description: 'The user id (use it as a ticket assigneeId).' }),
  name: Type.String(),
  email: Type.String(),
  role: StringEnum(['owner', 'member']),
  joinedAt: Timestamp,
});

export const Invite = Type.Object({
  id: Type.String(),
  email: Nullable(Type.String()),
  createdAt: Timestamp,
  expiresAt: Timestamp,
});

export const TeamResponse = Type.Object({ members: Type.Array(TeamMember), invites: Type.Array(Invite, { description: 'Pending (unused, unexpired) invites.' }) });

export const CreateInviteBody = Type.Object({
  email: Type.Optional(Type.String({ format: 'email', maxLength: 254, description: 'Only this account may use the invite; it is emailed when SMTP is configured.' })),
});

export const CreatedInvite = Type.Object({
  invite: Invite,
  token: Type.String({ description: 'Shown once; only its hash is stored.' }),
  url: Type.String({ description: 'The invite link to hand over: the dashboard page that signs up or signs in and accepts.' }),
  emailed: Type.Boolean({ description: 'True when the link was handed to the mailer for `email` (SMTP_URL and PUBLIC_URL set); it is sent in the background and retried if the mail server fails.' }),
});

export const InviteTokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 100 }) });
export const MemberParams = Type.Object({ userId: Type.String({ minLength: 1, maxLength: 64 }) });

export const InvitePreview = Type.Object({
  workspace: Type.Object({ name: Type.String() }),
  email: Nullable(Type.String(), { description: 'When set, only the account with this email can accept.' }),
  expiresAt: Timestamp,
});

export type TeamMember = Static<typeof TeamMember>;
export type Invite = Static<typeof Invite>;
export type Team = Static<typeof TeamResponse>;
export type CreatedInvite = Static<typeof CreatedInvite>;
export type InvitePreview = Static<typeof InvitePreview>;
