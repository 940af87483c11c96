import { Type } from '@sinclair/typebox';
import { errorResponses, IdParams, Page, PageQuery } from '../../shared/schemas/common.js';
import { RenameTagBody, Tag } from '../../shared/schemas/tags.js';
import { requireActor } from '../auth/authenticate.js';
import { commandContext } from '../commands/context.js';
import { deleteTag, listTags, renameTag } from '../commands/manage-tags.js';
import type { App } from '../types.js';

/** Workspace tags ("themes"): created on the fly by PATCH /api/tickets/{id} { tags }, managed here. */
export default async function tagRoutes(app: App) {
  const ctx = commandContext(app);
  app.addHook('onRequest', requireActor);

  app.get('/api/tags', {
    schema: {
      operationId: 'listTags',
      summary: 'List tags with ticket counts',
      tags: ['tickets'],
      description: 'The tag overview: every tag by name with its open and closed ticket counts (list them with GET /api/tickets?tag=&status=).',
      querystring: PageQuery,
      response: { 200: Page(Tag), ...errorResponses(401, 422) },
    },
  }, async (request) => listTags(app.db, request.actor, request.query));

  app.patch('/api/tags/:id', {
    schema: {
      operationId: 'renameTag',
      summary: 'Rename a tag',
      tags: ['tickets'],
      description: 'Renames a tag on every ticket (case-only changes allowed); 409 `tag_exists` when another tag has the name.',
      params: IdParams,
      body: RenameTagBody,
      response: { 200: Type.Object({ tag: Tag }), ...errorResponses(401, 403, 404, 409, 422) },
    },
  }, async (request) => ({ tag: await renameTag(ctx, request.actor, request.params.id, request.body.name) }));

  app.delete('/api/tags/:id', {
    schema: { operationId: 'deleteTag', summary: 'Delete a tag', tags: ['tickets'], description: 'Deletes a tag and removes it from every ticket.', params: IdParams, response: { 204: Type.Null(), ...errorResponses(401, 403, 404) } },
  }, async (request, reply) => {
    await deleteTag(ctx, request.actor, request.params.id);
    return reply.code(204).send(null);
  });
}
