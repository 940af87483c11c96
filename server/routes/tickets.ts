import { Type } from '@sinclair/typebox';
import { errorResponses, IdParams, Page } from '../../shared/schemas/common.js';
import { CreateTicketBody, Ticket, TicketListQuery, UpdateTicketBody } from '../../shared/schemas/tickets.js';
import { requireActor } from '../auth/authenticate.js';
import { unprocessable } from '../errors.js';
import { commandContext } from '../commands/context.js';
import { listTickets } from '../commands/list-tickets.js';
import { createTicketFromConversation, createTicketFromSubmission, deleteTicket, getTicket, updateTicket } from '../commands/tickets.js';
import type { App } from '../types.js';

const TicketResponse = Type.Object({ ticket: Ticket });

export default async function ticketRoutes(app: App) {
  const ctx = commandContext(app);
  app.addHook('onRequest', requireActor);

  app.post('/api/tickets', {
    schema: {
      tags: ['tickets'],
      description: 'Promote a conversation or a form submission into a ticket.',
      body: CreateTicketBody,
      response: { 201: TicketResponse, ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request, reply) => {
    const { conversationId, formSubmissionId, title } = request.body;
    if (!conversationId === !formSubmissionId) throw unprocessable('Give exactly one of conversationId or formSubmissionId.', 'conversationId');
    const ticket = conversationId
      ? await createTicketFromConversation(ctx, request.actor, conversationId, title?.trim())
      : await createTicketFromSubmission(ctx, request.actor, formSubmissionId!, title?.trim());
    return reply.code(201).send({ ticket });
  });

  app.get('/api/tickets', {
    schema: { tags: ['tickets'], querystring: TicketListQuery, response: { 200: Page(Ticket), ...errorResponses(401, 422) } },
  }, async (request) => listTickets(ctx, request.actor, request.query));

  app.get('/api/tickets/:id', {
    schema: { tags: ['tickets'], params: IdParams, response: { 200: TicketResponse, ...errorResponses(401, 404) } },
  }, async (request) => ({ ticket: await getTicket(app.db, request.actor, request.params.id) }));

  app.patch('/api/tickets/:id', {
    schema: {
      tags: ['tickets'],
      params: IdParams,
      body: UpdateTicketBody,
      response: { 200: TicketResponse, ...errorResponses(401, 403, 404, 409, 422) },
    },
  }, async (request) => {
    const { title, ...rest } = request.body;
    return { ticket: await updateTicket(ctx, request.actor, request.params.id, { ...rest, title: title?.trim() }) };
  });

  app.delete('/api/tickets/:id', {
    schema: { tags: ['tickets'], params: IdParams, response: { 204: Type.Null(), ...errorResponses(401, 403, 404) } },
  }, async (request, reply) => {
    await deleteTicket(ctx, request.actor, request.params.id);
    return reply.code(204).send(null);
  });
}
