import { Type } from '@sinclair/typebox';
import { errorResponses, IdParams } from '../../shared/schemas/common.js';
import { CreateSavedReplyBody, SavedReplyList, SavedReplyResponse, UpdateSavedReplyBody } from '../../shared/schemas/saved-replies.js';
import { requireActor } from '../auth/authenticate.js';
import { createSavedReply, deleteSavedReply, listSavedReplies, updateSavedReply } from '../commands/saved-replies.js';
import { presentSavedReply } from '../presenters/saved-replies.js';
import type { App } from '../types.js';

/** Saved replies, shared by the workspace: inserted from the reply box with `/shortcut`. */
export default async function savedReplyRoutes(app: App) {
  const { db } = app;
  app.addHook('onRequest', requireActor);

  app.get('/api/saved-replies', {
    schema: { operationId: 'listSavedReplies', summary: 'List saved replies', tags: ['chat'], description: 'Every saved reply of the workspace, by shortcut.', response: { 200: SavedReplyList, ...errorResponses(401) } },
  }, async (request) => ({ items: (await listSavedReplies(db, request.actor)).map(presentSavedReply) }));

  app.post('/api/saved-replies', {
    schema: {
      operationId: 'createSavedReply',
      summary: 'Create a saved reply',
      tags: ['chat'],
      description: 'Shortcut 1–32 of [a-z0-9_-] (stored lower-case; 409 saved_reply_exists when taken), title 1–100, body 1–5000 characters.',
      body: CreateSavedReplyBody,
      response: { 201: SavedReplyResponse, ...errorResponses(400, 401, 403, 409, 422) },
    },
  }, async (request, reply) => reply.code(201).send({ savedReply: presentSavedReply(await createSavedReply(db, request.actor, request.body)) }));

  app.patch('/api/saved-replies/:id', {
    schema: { operationId: 'updateSavedReply', summary: 'Update a saved reply', tags: ['chat'], params: IdParams, body: UpdateSavedReplyBody, response: { 200: SavedReplyResponse, ...errorResponses(400, 401, 403, 404, 409, 422) } },
  }, async (request) => ({ savedReply: presentSavedReply(await updateSavedReply(db, request.actor, request.params.id, request.body)) }));

  app.delete('/api/saved-replies/:id', {
    schema: { operationId: 'deleteSavedReply', summary: 'Delete a saved reply', tags: ['chat'], params: IdParams, response: { 204: Type.Null(), ...errorResponses(401, 403, 404) } },
  }, async (request, reply) => {
    await deleteSavedReply(db, request.actor, request.params.id);
    return reply.code(204).send(null);
  });
}
