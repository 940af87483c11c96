import { Type } from '@sinclair/typebox';
import { errorResponses, IdParams } from '../../shared/schemas/common.js';
import { CreatedInvite, CreateInviteBody, MemberParams, TeamResponse } from '../../shared/schemas/team.js';
import { linkOrigin, requireActor } from '../auth/authenticate.js';
import { findUser } from '../commands/accounts.js';
import { commandContext } from '../commands/context.js';
import { createInvite, revokeInvite } from '../commands/invites.js';
import { listTeam, removeMember } from '../commands/team.js';
import { inviteEmail } from '../mail/invite-email.js';
import { presentInvite, presentTeamMember } from '../presenters/team.js';
import type { App } from '../types.js';

/** The workspace's team. Everyone in it may look; only its owner invites and removes (403 `forbidden`). */
export default async function teamRoutes(app: App) {
  const { db, config } = app;
  const ctx = commandContext(app);
  app.addHook('onRequest', requireActor);

  app.get('/api/team', {
    schema: { operationId: 'getTeam', summary: 'Get the team (members and invites)', tags: ['team'], description: 'Members (owner first) and pending invites.', response: { 200: TeamResponse, ...errorResponses(401) } },
  }, async (request) => {
    const { members, invites } = await listTeam(db, request.actor);
    return { members: members.map(presentTeamMember), invites: invites.map(presentInvite) };
  });

  app.post('/api/team/invites', {
    schema: {
      operationId: 'createInvite',
      summary: 'Invite a teammate',
      tags: ['team'],
      description: 'Creates a single-use invite link valid for 7 days (owner only). The token is shown once. With an email and mail configured (SMTP_URL and PUBLIC_URL) the link is also mailed, in the background (`emailed: true`).',
      body: CreateInviteBody,
      response: { 201: CreatedInvite, ...errorResponses(401, 403, 422) },
    },
  }, async (request, reply) => {
    const { invite, token } = await createInvite(db, request.actor, request.body.email);
    const url = `${linkOrigin(request, config)}/invite/${token}`;
    let emailed = false;
    // Queued, not awaited: a mail server that is slow or down never holds up (or fails) the invite.
    if (invite.email && app.mailer.enabled) {
      const inviter = await findUser(db, request.actor.userId);
      const workspace = await findUser(db, request.actor.ownerId);
      emailed = app.mailer.send(inviteEmail({
        to: invite.email, url: app.mailer.link(`/invite/${token}`), inviterName: inviter?.name ?? '', workspaceName: workspace?.name ?? '', expiresAt: invite.expires_at,
      }));
    }
    return reply.code(201).send({ invite: presentInvite(invite), token, url, emailed });
  });

  app.delete('/api/team/invites/:id', {
    schema: { operationId: 'revokeInvite', summary: 'Revoke an invite', tags: ['team'], params: IdParams, response: { 204: Type.Null(), ...errorResponses(401, 403, 404) } },
  }, async (request, reply) => {
    await revokeInvite(db, request.actor, request.params.id);
    return reply.code(204).send(null);
  });

  app.delete('/api/team/members/:userId', {
    schema: {
      operationId: 'removeTeamMember',
      summary: 'Remove a teammate',
      tags: ['team'],
      description: 'Removes a teammate (owner only): their sessions and API tokens in this workspace end at once, their open sockets close, their tickets become unassigned. The owner cannot remove themself (422).',
      params: MemberParams,
      response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request, reply) => {
    await removeMember(ctx, request.actor, request.params.userId);
    return reply.code(204).send(null);
  });
}
