import type { FastifyReply, FastifyRequest } from 'fastify';
import { LoginBody, SignupBody, UserResponse } from '../../shared/schemas/accounts.js';
import { errorResponses } from '../../shared/schemas/common.js';
import { endSession, lastActiveWorkspace, signUpOwner, startSession, verifyCredentials } from '../commands/accounts.js';
import { assertSameOrigin, isSecureRequest, rejectForeignOrigin, SESSION_COOKIE } from '../auth/authenticate.js';
import { presentUser } from '../presenters/accounts.js';
import type { App } from '../types.js';
import { commandContext } from '../commands/context.js';

export default async function authRoutes(app: App) {
  const { db, config } = app;
  const rateLimit = { max: config.loginRateLimit.max, timeWindow: config.loginRateLimit.windowMs };

  app.post('/api/auth/signup', {
    schema: {
      operationId: 'signUp',
      summary: 'Sign up',
      security: [],
      tags: ['accounts'],
      description: 'Creates an account with its own workspace. With `inviteToken` the new user also joins the inviting workspace and the session opens there (404 when the invite is unknown, expired or used). Without one, SIGNUP decides: `first` (default) accepts only the very first account, `open` anyone, `invite` nobody (403 `signup_closed`; see `GET /api/auth/signup-policy`).',
      body: SignupBody,
      response: { 201: UserResponse, ...errorResponses(400, 403, 404, 409, 422, 429) },
    },
    config: { rateLimit },
  }, async (request, reply) => {
    rejectForeignOrigin(request, config);
    const { user, workspaceId } = await signUpOwner(db, request.body, { policy: config.signup, engine: app.database.engine });
    await setSessionCookie(request, reply, user.id, workspaceId);
    return reply.code(201).send({ user: presentUser(user) });
  });

  app.post('/api/auth/login', {
    schema: { operationId: 'signIn', summary: 'Sign in', security: [], tags: ['accounts'], body: LoginBody, response: { 200: UserResponse, ...errorResponses(400, 401, 403, 422, 429) } },
    config: { rateLimit },
  }, async (request, reply) => {
    rejectForeignOrigin(request, config);
    const user = await verifyCredentials(db, request.body.email, request.body.password);
    await setSessionCookie(request, reply, user.id, await lastActiveWorkspace(db, user.id));
    return { user: presentUser(user) };
  });

  app.post('/api/auth/logout', {
    schema: { operationId: 'signOut', summary: 'Sign out (ends the session, if any)', security: [{ session: [] }, {}], tags: ['accounts'], response: { 204: { type: 'null' }, ...errorResponses(403) } },
  }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      assertSameOrigin(request, config);
      await endSession(commandContext(app), token);
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  async function setSessionCookie(request: FastifyRequest, reply: FastifyReply, userId: string, workspaceId: string) {
    const session = await startSession(db, userId, workspaceId, config.sessionTtlDays);
    reply.setCookie(SESSION_COOKIE, session.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: isSecureRequest(request, config),
      expires: new Date(session.expiresAt),
    });
  }
}
