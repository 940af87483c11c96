import { Type, type Static } from '@sinclair/typebox';
import { Nullable, StringEnum, Timestamp } from './common.js';

export const User = Type.Object({ id: Type.String(), email: Type.String(), name: Type.String() });
export type User = Static<typeof User>;

export const SignupBody = Type.Object({
  email: Type.String({ format: 'email', maxLength: 254 }),
  password: Type.String({ minLength: 8, maxLength: 200 }),
  name: Type.Optional(Type.String({ maxLength: 100 })),
  inviteToken: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Join the inviting workspace (see /api/invites/{token}).' })),
});

export const LoginBody = Type.Object({
  email: Type.String({ minLength: 1, maxLength: 254 }),
  password: Type.String({ minLength: 1, maxLength: 200 }),
});

export const UserResponse = Type.Object({ user: User });

export const Workspace = Type.Object({
  id: Type.String({ description: 'The owner account id: the workspace everything is scoped by.' }),
  name: Type.String({ description: 'Named after its owner.' }),
  role: StringEnum(['owner', 'member']),
});
export type Workspace = Static<typeof Workspace>;
export type Role = Workspace['role'];

export const MeResponse = Type.Object({
  user: User,
  site: Type.Object({ key: Type.String({ description: 'Public key for the widget and forms of the active workspace.' }) }),
  workspace: Workspace,
  workspaces: Type.Array(Workspace, { description: 'Every workspace the user works in, their own first.' }),
});
export type Me = Static<typeof MeResponse>;

export const SwitchWorkspaceBody = Type.Object({ ownerId: Type.String({ minLength: 1, maxLength: 64 }) });

export const CreateTokenBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) });
export const CreatedToken = Type.Object({
  id: Type.String(),
  name: Type.String(),
  token: Type.String({ description: 'Shown once; only its hash is stored.' }),
});
export const ApiTokenSummary = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: Timestamp,
  lastUsedAt: Nullable(Timestamp),
});
export type ApiTokenSummary = Static<typeof ApiTokenSummary>;
export type CreatedToken = Static<typeof CreatedToken>;
