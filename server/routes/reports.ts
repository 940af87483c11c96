import { errorResponses } from '../../shared/schemas/common.js';
import { ResolutionQuery, ResolutionReport } from '../../shared/schemas/tickets.js';
import { requireActor } from '../auth/authenticate.js';
import { buildResolutionReport } from '../commands/resolution-report.js';
import { unprocessable } from '../errors.js';
import type { App } from '../types.js';

export default async function reportRoutes(app: App) {
  app.addHook('onRequest', requireActor);

  app.get('/api/reports/resolution', {
    schema: {
      tags: ['reports'],
      description: 'Resolution time (closedAt − createdAt) of tickets closed in [from, to).',
      querystring: ResolutionQuery,
      response: { 200: ResolutionReport, ...errorResponses(401, 422) },
    },
  }, async (request) => {
    const { from, to } = request.query;
    if (from && to && Date.parse(from) >= Date.parse(to)) throw unprocessable('from must be before to.', 'from');
    if (from && to && Date.parse(to) - Date.parse(from) > 5 * 366 * 86_400_000) throw unprocessable('The window may span at most five years.', 'to');
    return buildResolutionReport(app.db, request.actor.ownerId, { from, to });
  });
}
