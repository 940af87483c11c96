import { MailStatusResponse } from '../../shared/schemas/account-recovery.js';
import { errorResponses } from '../../shared/schemas/common.js';
import { requireActor } from '../auth/authenticate.js';
import type { App } from '../types.js';

/** Whether this server sends mail, and if not which setting is missing (Settings shows it). */
export default async function mailSettingsRoutes(app: App) {
  app.get('/api/settings/mail', {
    schema: {
      operationId: 'getMailStatus',
      summary: 'Get whether this server sends mail',
      tags: ['accounts'],
      description: 'Whether the server sends mail. Mail needs SMTP_URL (with SMTP_FROM) and PUBLIC_URL, the only origin links in mail are built from; `missing` names what is not set.',
      response: { 200: MailStatusResponse, ...errorResponses(401) },
    },
    onRequest: requireActor,
  }, async () => app.mailer.status);
}
