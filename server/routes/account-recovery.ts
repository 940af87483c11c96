import { Type } from '@sinclair/typebox';
import { ChangePasswordBody, PasswordResetBody, PasswordResetCheckBody, PasswordResetConfirmBody, SignupPolicyResponse } from '../../shared/schemas/account-recovery.js';
import { errorResponses } from '../../shared/schemas/common.js';
import { rejectForeignOrigin, requireActor, SESSION_COOKIE } from '../auth/authenticate.js';
import { changePassword, checkPasswordResetToken, confirmPasswordReset, requestPasswordReset } from '../commands/account-recovery.js';
import { normalizeEmail, signupOpen } from '../commands/accounts.js';
import { commandContext } from '../commands/context.js';
import { AppError } from '../errors.js';
import { WindowLimiter } from '../lib/window-limiter.js';
import type { App } from '../types.js';

/** Reset requests per address, whoever asks: a mailbox is not flooded, and an unknown address is limited exactly like a known one. */
const RESETS_PER_EMAIL = { max: 3, windowMs: 60 * 60_000 };

/** Password reset by email, password change, and the sign-up policy the sign-up page shows. */
export default async function accountRecoveryRoutes(app: App) {
  const { db, config } = app;
  const ctx = commandContext(app);
  const perIp = { max: config.loginRateLimit.max, timeWindow: config.loginRateLimit.windowMs };
  const perEmail = new WindowLimiter(RESETS_PER_EMAIL.max, RESETS_PER_EMAIL.windowMs);
  // Reset requests are worked on after the answer is sent; shutdown waits for those under way.
  const working = new Set<Promise<void>>();
  app.addHook('onClose', async () => {
    await Promise.allSettled([...working]);
  });

  app.post('/api/auth/password-reset', {
    schema: {
      operationId: 'requestPasswordReset',
      summary: 'Request a password-reset mail',
      security: [],
      tags: ['accounts'],
      description: 'Mails a single-use link `PUBLIC_URL/reset#<token>` (valid 1 hour) when the email belongs to an account and mail is configured. Always 202, whether or not the account exists. Rate limited per IP (LOGIN_RATE_LIMIT) and per email address (3 an hour): 429.',
      body: PasswordResetBody,
      response: { 202: Type.Null(), ...errorResponses(400, 403, 422, 429) },
    },
    config: { rateLimit: perIp },
  }, async (request, reply) => {
    rejectForeignOrigin(request, config);
    const key = normalizeEmail(request.body.email);
    if (!perEmail.hit(key)) {
      throw new AppError(429, 'rate_limited', `Too many reset requests for this address; retry in ${perEmail.retryAfterS(key)} s.`);
    }
    // Answered before the account is even looked up: an existing account (a token to store, a mail to
    // queue) and an unknown address take the same path and the same time up to the answer.
    const work = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => requestPasswordReset(ctx, app.mailer, request.body.email))
      .catch((error: unknown) => request.log.error({ err: error }, 'password reset request failed'))
      .finally(() => working.delete(work));
    working.add(work);
    return reply.code(202).send(null);
  });

  app.post('/api/auth/password-reset/check', {
    schema: {
      operationId: 'checkPasswordResetToken',
      summary: 'Check a password-reset token',
      security: [],
      tags: ['accounts'],
      description: 'Whether a mailed reset token still works (204), so the reset page can say at once when a link is unknown, expired or used (404 `reset_token_invalid`). Changes nothing. A POST so the token stays out of URLs and logs.',
      body: PasswordResetCheckBody,
      response: { 204: Type.Null(), ...errorResponses(400, 403, 404, 422, 429) },
    },
    config: { rateLimit: perIp },
  }, async (request, reply) => {
    rejectForeignOrigin(request, config);
    await checkPasswordResetToken(ctx, request.body.token);
    return reply.code(204).send(null);
  });

  app.post('/api/auth/password-reset/confirm', {
    schema: {
      operationId: 'resetPassword',
      summary: 'Set a new password with a reset token',
      security: [],
      tags: ['accounts'],
      description: 'Sets a new password with the mailed token. Every session of the user ends and their dashboard sockets close (API tokens stay valid); sign in again. An unknown, expired or used token → 404 `reset_token_invalid`.',
      body: PasswordResetConfirmBody,
      response: { 204: Type.Null(), ...errorResponses(400, 403, 404, 422, 429) },
    },
    config: { rateLimit: perIp },
  }, async (request, reply) => {
    rejectForeignOrigin(request, config);
    await confirmPasswordReset(ctx, request.body.token, request.body.password);
    return reply.code(204).send(null);
  });

  app.post('/api/auth/password', {
    schema: {
      operationId: 'changePassword',
      summary: 'Change my password',
      tags: ['accounts'],
      description: 'Changes the signed-in user\'s password (session cookie only; an API token → 403). A wrong current password → 422 `wrong_password`. The user\'s other sessions end and their sockets close; this session stays.',
      body: ChangePasswordBody,
      response: { 204: Type.Null(), ...errorResponses(401, 403, 422, 429) },
    },
    config: { rateLimit: perIp },
    onRequest: requireActor,
  }, async (request, reply) => {
    const viaSession = !request.headers.authorization && Boolean(request.cookies[SESSION_COOKIE]);
    await changePassword(ctx, request.actor, viaSession, request.body.currentPassword, request.body.newPassword);
    return reply.code(204).send(null);
  });

  app.get('/api/auth/signup-policy', {
    schema: {
      operationId: 'getSignupPolicy',
      summary: 'Get the sign-up policy',
      tags: ['accounts'],
      security: [],
      description: 'Public: the SIGNUP setting and whether a sign-up without an invite would be accepted now, so the sign-up page can say when sign-ups are closed.',
      response: { 200: SignupPolicyResponse },
    },
  }, async () => ({ policy: config.signup, open: await signupOpen(db, config.signup) }));
}
