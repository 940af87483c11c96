import { errorResponses } from '../../shared/schemas/common.js';
import { MeResponse } from '../../shared/schemas/accounts.js';
import { InvitePreview, InviteTokenParams } from '../../shared/schemas/team.js';
import { forgetSessionActor, requireActor, SESSION_COOKIE } from '../auth/authenticate.js';
import { acceptInvite, previewInvite } from '../commands/invites.js';
import { loadMe } from '../commands/accounts.js';
import { iso, presentMe } from '../presenters/accounts.js';
import { publicRouteConfig } from './public.js';
import type { App } from '../types.js';

/** Invite links: a public preview for the sign-up / sign-in page, and accepting once signed in. */
export default async function inviteRoutes(app: App) {
  const { db } = app;

  app.get('/api/invites/:token', {
    schema: {
      operationId: 'previewInvite',
      summary: 'Preview an invite link',
      tags: ['team'],
      security: [],
      description: 'Public preview of an invite link: whose workspace, until when. 404 when unknown, expired or used.',
      params: InviteTokenParams,
      response: { 200: InvitePreview, ...errorResponses(404, 422, 429) },
    },
    config: publicRouteConfig(app),
  }, async (request) => {
    const preview = await previewInvite(db, request.params.token);
    return { ...preview, expiresAt: iso(preview.expiresAt) };
  });

  app.post('/api/invites/:token/accept', {
    schema: {
      operationId: 'acceptInvite',
      summary: 'Accept an invite',
      tags: ['team'],
      description: 'The signed-in user joins the workspace as a member; a cookie session switches to it. Answers like GET /api/me.',
      params: InviteTokenParams,
      response: { 200: MeResponse, ...errorResponses(401, 403, 404, 422) },
    },
    onRequest: requireActor,
  }, async (request) => {
    const sessionToken = request.headers.authorization ? null : request.cookies[SESSION_COOKIE] ?? null;
    const joined = await acceptInvite(db, request.actor, request.params.token, sessionToken);
    if (sessionToken) forgetSessionActor(request, sessionToken);
    // Describes the session's workspace as /api/me now would: the joined one, unless signed in by API token.
    return presentMe(await loadMe(db, sessionToken ? { userId: request.actor.userId, ...joined } : request.actor));
  });
}
