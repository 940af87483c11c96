import { Type } from '@sinclair/typebox';
import { ApiTokenSummary, CreatedToken, CreateTokenBody, MeResponse, SwitchWorkspaceBody } from '../../shared/schemas/accounts.js';
import { errorResponses, IdParams } from '../../shared/schemas/common.js';
import { createApiToken, listApiTokens, listWorkspaces, loadMe, revokeApiToken, switchWorkspace } from '../commands/accounts.js';
import { forgetSessionActor, requireActor, SESSION_COOKIE } from '../auth/authenticate.js';
import { AppError } from '../errors.js';
import { presentApiToken, presentMe } from '../presenters/accounts.js';
import type { App } from '../types.js';
import { commandContext } from '../commands/context.js';

export default async function meRoutes(app: App) {
  const { db } = app;
  app.addHook('onRequest', requireActor);

  app.get('/api/me', {
    schema: { operationId: 'getMe', summary: 'Get the signed-in user and workspace', tags: ['accounts'], response: { 200: MeResponse, ...errorResponses(401) } },
  }, async (request) => presentMe(await loadMe(db, request.actor)));

  app.post('/api/me/workspace', {
    schema: {
      operationId: 'switchWorkspace',
      summary: 'Switch the session to another workspace',
      tags: ['accounts'],
      description: 'Switches the session to another workspace the user works in (404 otherwise). Session cookie only: an API token stays in the workspace it was made in.',
      body: SwitchWorkspaceBody,
      response: { 200: MeResponse, ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request) => {
    const sessionToken = request.cookies[SESSION_COOKIE];
    if (request.headers.authorization || !sessionToken) {
      throw new AppError(403, 'forbidden', 'An API token works in the workspace it was created in.');
    }
    await switchWorkspace(db, sessionToken, request.actor.userId, request.body.ownerId);
    forgetSessionActor(request, sessionToken);
    const workspaces = await listWorkspaces(db, request.actor.userId);
    const role = workspaces.find((w) => w.id === request.body.ownerId)!.role;
    return presentMe(await loadMe(db, { userId: request.actor.userId, ownerId: request.body.ownerId, role }));
  });

  app.post('/api/tokens', {
    schema: { operationId: 'createApiToken', summary: 'Create an API token', tags: ['accounts'], body: CreateTokenBody, response: { 201: CreatedToken, ...errorResponses(401, 403, 422) } },
  }, async (request, reply) => {
    const { row, token } = await createApiToken(db, request.actor, request.body.name);
    return reply.code(201).send({ id: row.id, name: row.name, token });
  });

  app.get('/api/tokens', {
    schema: { operationId: 'listApiTokens', summary: 'List API tokens', tags: ['accounts'], response: { 200: Type.Object({ items: Type.Array(ApiTokenSummary) }), ...errorResponses(401) } },
  }, async (request) => ({ items: (await listApiTokens(db, request.actor)).map(presentApiToken) }));

  app.delete('/api/tokens/:id', {
    schema: { operationId: 'revokeApiToken', summary: 'Revoke an API token', tags: ['accounts'], params: IdParams, response: { 204: Type.Null(), ...errorResponses(401, 403, 404) } },
  }, async (request, reply) => {
    await revokeApiToken(commandContext(app), request.actor, request.params.id);
    return reply.code(204).send(null);
  });
}
