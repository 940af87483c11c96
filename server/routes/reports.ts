import { errorResponses } from '../../shared/schemas/common.js';
import { FirstResponseReport, ReportWindowQuery, ResolutionQuery, ResolutionReport, VolumeReport } from '../../shared/schemas/tickets.js';
import { requireActor } from '../auth/authenticate.js';
import { buildResolutionReport } from '../commands/resolution-report.js';
import { buildFirstResponseReport, buildVolumeReport } from '../commands/ticket-reports.js';
import { unprocessable } from '../errors.js';
import type { App } from '../types.js';

function checkWindow(from?: string, to?: string): void {
  if (from && to && Date.parse(from) >= Date.parse(to)) throw unprocessable('from must be before to.', 'from');
  if (from && to && Date.parse(to) - Date.parse(from) > 5 * 366 * 86_400_000) throw unprocessable('The window may span at most five years.', 'to');
}

export default async function reportRoutes(app: App) {
  app.addHook('onRequest', requireActor);

  app.get('/api/reports/resolution', {
    schema: {
      operationId: 'getResolutionReport',
      summary: 'Get the resolution-time report',
      tags: ['reports'],
      description: 'Resolution time (closedAt − createdAt) of tickets closed in [from, to).',
      querystring: ResolutionQuery,
      response: { 200: ResolutionReport, ...errorResponses(401, 422) },
    },
  }, async (request) => {
    const { from, to, groupBy } = request.query;
    checkWindow(from, to);
    return buildResolutionReport(app.database.reader, request.actor.ownerId, { from, to, groupBy });
  });

  app.get('/api/reports/volume', {
    schema: {
      operationId: 'getVolumeReport',
      summary: 'Get the weekly ticket volume report',
      tags: ['reports'],
      description: 'Tickets created and closed per ISO week (Monday 00:00 UTC) of [from, to).',
      querystring: ReportWindowQuery,
      response: { 200: VolumeReport, ...errorResponses(401, 422) },
    },
  }, async (request) => {
    checkWindow(request.query.from, request.query.to);
    return buildVolumeReport(app.database.reader, request.actor.ownerId, request.query);
  });

  app.get('/api/reports/first-response', {
    schema: {
      operationId: 'getFirstResponseReport',
      summary: 'Get the first-response-time report',
      tags: ['reports'],
      description: "Time from a conversation's first visitor message to the first teammate reply, for conversations started in [from, to).",
      querystring: ReportWindowQuery,
      response: { 200: FirstResponseReport, ...errorResponses(401, 422) },
    },
  }, async (request) => {
    checkWindow(request.query.from, request.query.to);
    return buildFirstResponseReport(app.database.reader, request.actor.ownerId, request.query);
  });
}
