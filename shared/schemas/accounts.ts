import { Type, type Static } from '@sinclair/typebox';
import { Timestamp } from './common.js';

export const User = Type.Object({ id: Type.String(), email: Type.String(), name: Type.String() });
export type User = Static<typeof User>;

export const SignupBody = Type.Object({
  email: Type.String({ format: 'email', maxLength: 254 }),
  password: Type.String({ minLength: 8, maxLength: 200 }),
  name: Type.Optional(Type.String({ maxLength: 100 })),
});

export const LoginBody = Type.Object({
  email: Type.String({ minLength: 1, maxLength: 254 }),
  password: Type.String({ minLength: 1, maxLength: 200 }),
});

export const UserResponse = Type.Object({ user: User });

export const MeResponse = Type.Object({
  user: User,
  site: Type.Object({ key: Type.String({ description: 'Public key for the widget and forms.' }) }),
});

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
  lastUsedAt: Type.Union([Timestamp, Type.Null()]),
});
