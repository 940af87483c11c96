import { Type } from '@sinclair/typebox';
import { VisitorTokenHeaders } from '../../shared/schemas/chat.js';
import { errorResponses, IdParams } from '../../shared/schemas/common.js';
import { VisitorTicket } from '../../shared/schemas/tickets.js';
import { listVisitorTickets } from '../commands/ticket-visitor.js';
import type { App } from '../types.js';
import { preparePublicRoutes, publicRouteConfig } from './public.js';

/** Visitor side: the tickets of their conversation the team chose to show them. */
export default async function widgetTicketRoutes(app: App) {
  preparePublicRoutes(app);

  app.get('/api/widget/conversations/:id/tickets', {
    schema: {
      operationId: 'listVisitorTickets',
      summary: 'List the tickets shown to the visitor',
      tags: ['widget'],
      security: [{ visitorToken: [] }],
      description: 'Tickets of this conversation marked visibleToVisitor: number, title, status, updatedAt only.',
      params: IdParams,
      headers: VisitorTokenHeaders,
      response: { 200: Type.Object({ items: Type.Array(VisitorTicket) }), ...errorResponses(404, 422, 429) },
    },
    config: publicRouteConfig(app),
  }, async (request) => ({ items: await listVisitorTickets(app.db, request.params.id, request.headers['x-visitor-token']) }));
}
