import { Type } from '@sinclair/typebox';
import { UnreadCounts } from '../../shared/schemas/chat.js';
import { errorResponses } from '../../shared/schemas/common.js';
import { requireActor } from '../auth/authenticate.js';
import { commandContext } from '../commands/context.js';
import { markSubmissionsSeen, unreadCounts } from '../commands/conversation-inbox.js';
import type { App } from '../types.js';

/** The navigation badges of the requesting user, and marking the submissions seen. */
export default async function unreadRoutes(app: App) {
  const ctx = commandContext(app);
  app.addHook('onRequest', requireActor);

  app.get('/api/me/unread', {
    schema: {
      operationId: 'getUnreadCounts',
      summary: 'Get my unread counts',
      tags: ['accounts'],
      description: 'Open conversations with unread visitor messages for me, and submissions created after I last viewed the submissions list.',
      response: { 200: UnreadCounts, ...errorResponses(401) },
    },
  }, async (request) => unreadCounts(ctx, request.actor));

  app.post('/api/submissions/read', {
    schema: {
      operationId: 'markSubmissionsRead',
      summary: 'Mark every submission seen',
      tags: ['forms'],
      description: 'Marks every submission as seen for the requesting user; their other dashboards hear `submissions.read`.',
      response: { 204: Type.Null(), ...errorResponses(401, 403) },
    },
  }, async (request, reply) => {
    await markSubmissionsSeen(ctx, request.actor);
    return reply.code(204).send(null);
  });
}
