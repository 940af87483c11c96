import { Type } from '@sinclair/typebox';
import { ApiTokenSummary, CreatedToken, CreateTokenBody, MeResponse } from '../../shared/schemas/accounts.js';
import { errorResponses, IdParams } from '../../shared/schemas/common.js';
import { createApiToken, findUser, listApiTokens, revokeApiToken } from '../commands/accounts.js';
import { requireActor } from '../auth/authenticate.js';
import { notFound } from '../errors.js';
import { presentApiToken, presentUser } from '../presenters/accounts.js';
import type { App } from '../types.js';

export default async function meRoutes(app: App) {
  const { db } = app;
  app.addHook('onRequest', requireActor);

  app.get('/api/me', {
    schema: { tags: ['accounts'], response: { 200: MeResponse, ...errorResponses(401) } },
  }, async (request) => {
    const [user, owner] = await Promise.all([findUser(db, request.actor.userId), findUser(db, request.actor.ownerId)]);
    if (!user || !owner) throw notFound('Account');
    return { user: presentUser(user), site: { key: owner.site_key } };
  });

  app.post('/api/tokens', {
    schema: { tags: ['accounts'], body: CreateTokenBody, response: { 201: CreatedToken, ...errorResponses(401, 403, 422) } },
  }, async (request, reply) => {
    const { row, token } = await createApiToken(db, request.actor, request.body.name);
    return reply.code(201).send({ id: row.id, name: row.name, token });
  });

  app.get('/api/tokens', {
    schema: { tags: ['accounts'], response: { 200: Type.Object({ items: Type.Array(ApiTokenSummary) }), ...errorResponses(401) } },
  }, async (request) => ({ items: (await listApiTokens(db, request.actor)).map(presentApiToken) }));

  app.delete('/api/tokens/:id', {
    schema: { tags: ['accounts'], params: IdParams, response: { 204: Type.Null(), ...errorResponses(401, 403, 404) } },
  }, async (request, reply) => {
    await revokeApiToken(db, request.actor, request.params.id);
    return reply.code(204).send(null);
  });
}
