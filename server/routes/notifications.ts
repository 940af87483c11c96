import { NotificationPrefs } from '../../shared/schemas/availability.js';
import { errorResponses } from '../../shared/schemas/common.js';
import { requireActor } from '../auth/authenticate.js';
import { getNotificationPrefs, saveNotificationPrefs } from '../notifications/prefs.js';
import type { App } from '../types.js';

/** Each teammate's own email switches for the active workspace (digests: server/notifications/). */
export default async function notificationRoutes(app: App) {
  const { db } = app;
  app.addHook('onRequest', requireActor);

  app.get('/api/me/notifications', {
    schema: {
      operationId: 'getNotificationPrefs',
      summary: 'My email notification switches in this workspace',
      tags: ['accounts'],
      response: { 200: NotificationPrefs, ...errorResponses(401) },
    },
  }, async (request) => getNotificationPrefs(db, request.actor));

  app.put('/api/me/notifications', {
    schema: {
      operationId: 'updateNotificationPrefs',
      summary: 'Set my email notification switches in this workspace',
      tags: ['accounts'],
      description: 'Mail goes out only while I have no dashboard open, batched: at most one digest per AGENT_EMAIL_DIGEST_S.',
      body: NotificationPrefs,
      response: { 200: NotificationPrefs, ...errorResponses(400, 401, 403, 422) },
    },
  }, async (request) => saveNotificationPrefs(db, request.actor, request.body));
}
