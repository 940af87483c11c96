import { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import { errorResponses, IdParams, Page, PageQuery } from '../../shared/schemas/common.js';
import { TicketActivity } from '../../shared/schemas/ticket-activity.js';
import { BULK_MAX_IDS, BulkTicketsBody, CreateTicketBody, Ticket, TicketExportQuery, TicketListItem, TicketListQuery, UpdateTicketBody } from '../../shared/schemas/tickets.js';
import { requireActor } from '../auth/authenticate.js';
import { unprocessable } from '../errors.js';
import { commandContext } from '../commands/context.js';
import { listTickets } from '../commands/list-tickets.js';
import { listTicketActivity } from '../commands/ticket-activity.js';
import { bulkUpdateTickets } from '../commands/ticket-bulk.js';
import { exportTicketsCsv } from '../commands/ticket-export.js';
import { createTicketByHand, createTicketFromConversation, createTicketFromSubmission, TicketExists, deleteTicket, getTicket, updateTicket } from '../commands/tickets.js';
import { OwnerPageCache } from '../http/owner-page-cache.js';
import type { App } from '../types.js';

const TicketResponse = Type.Object({ ticket: Ticket });
const TicketExistsResponse = Type.Object({ error: Type.Object({ code: Type.Literal('ticket_exists'), message: Type.String() }), ticket: Ticket });

export default async function ticketRoutes(app: App) {
  const ctx = commandContext(app);
  const firstPages = new OwnerPageCache(app.events);
  app.addHook('onClose', async () => firstPages.close());
  app.addHook('onRequest', requireActor);

  app.post('/api/tickets', {
    schema: {
      operationId: 'createTicket',
      summary: 'Create a ticket from a conversation or submission',
      tags: ['tickets'],
      description: 'Promote a conversation or a form submission into a ticket (409 ticket_exists with the newest existing one unless allowDuplicate), or make one by hand.',
      body: CreateTicketBody,
      response: { 201: TicketResponse, 409: TicketExistsResponse, ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request, reply) => {
    const { conversationId, formSubmissionId, allowDuplicate, visitor, notes } = request.body;
    const title = request.body.title?.trim();
    if (conversationId && formSubmissionId) throw unprocessable('Give one of conversationId or formSubmissionId, not both.', 'conversationId');
    if (!conversationId && !formSubmissionId) {
      // By hand: the title is required; visitor and notes only here (a source brings its own).
      if (!title) throw unprocessable('A ticket made by hand needs a title (or give conversationId or formSubmissionId).', 'title');
      return reply.code(201).send({ ticket: await createTicketByHand(ctx, request.actor, { title, visitor, notes }) });
    }
    if (visitor !== undefined || notes !== undefined) throw unprocessable('visitor and notes are taken from the source; set notes with PATCH.', visitor ? 'visitor' : 'notes');
    try {
      const ticket = conversationId
        ? await createTicketFromConversation(ctx, request.actor, conversationId, { title, allowDuplicate })
        : await createTicketFromSubmission(ctx, request.actor, formSubmissionId!, { title, allowDuplicate });
      return reply.code(201).send({ ticket });
    } catch (error) {
      // api.md: the existing ticket travels next to the error, as `{ error, ticket }`.
      if (error instanceof TicketExists) return reply.code(409).send({ error: { code: 'ticket_exists' as const, message: error.message }, ticket: error.ticket });
      throw error;
    }
  });

  app.get('/api/tickets', {
    schema: {
      operationId: 'listTickets',
      summary: 'List and search tickets',
      tags: ['tickets'],
      description: 'Keyset-paginated by (sort, order); with q, by relevance (a ticket number first). Items carry notesPreview, never notes or the transcript.',
      querystring: TicketListQuery,
      response: { 200: Page(TicketListItem), ...errorResponses(401, 422) },
    },
  }, async (request, reply) => {
    const { query, actor } = request;
    // The first page of a plain list (no search, cursor, source or time-dependent filter) is what every
    // dashboard refetches after each live event: served from the cache until the workspace changes.
    const cacheable = !query.q && !query.cursor && !query.due && !query.conversationId && !query.formSubmissionId;
    if (!cacheable) return listTickets(ctx, actor, query);
    const assignee = query.assignee === 'me' ? actor.userId : query.assignee;
    const cached = firstPages.lookup(actor.ownerId, JSON.stringify([query.status, assignee, query.tag, query.priority, query.sort, query.order, query.limit]));
    const json = 'json' in cached ? cached.json : String(reply.serialize(await listTickets(ctx, actor, query)));
    if ('store' in cached) cached.store(json);
    // Already serialized by this route's response schema: a JSON string is sent as is.
    return reply.type('application/json; charset=utf-8').send(json as never);
  });

  app.post('/api/tickets/bulk', {
    schema: {
      operationId: 'updateTicketsInBulk',
      summary: 'Change many tickets at once',
      tags: ['tickets'],
      description: `One change to up to ${BULK_MAX_IDS} tickets, all or nothing: any missing or foreign id is a 404 and nothing changes.`,
      body: BulkTicketsBody,
      response: { 200: Type.Object({ tickets: Type.Array(Ticket) }), ...errorResponses(401, 403, 404, 409, 422) },
    },
  }, async (request) => ({ tickets: await bulkUpdateTickets(ctx, request.actor, request.body.ids, request.body.set) }));

  app.get('/api/tickets/export.csv', {
    schema: {
      operationId: 'exportTickets',
      summary: 'Export tickets as CSV',
      tags: ['tickets'],
      description: 'The list (same filters and order) as CSV, streamed: number, title, status, priority, assignee, tags, visitor name, '
        + "visitor email, created, closed, resolution hours, source type (manual for tickets made by hand). Cells starting with =, +, -, @, tab or CR are prefixed with '.",
      querystring: TicketExportQuery,
      produces: ['text/csv'],
      response: { 200: Type.String({ description: 'text/csv; charset=utf-8' }), ...errorResponses(401, 422) },
    },
  }, async (request, reply) => {
    const lines = exportTicketsCsv(ctx, request.actor, request.query);
    // The first chunk (header, filter checks) before the status line: a bad tag or cursor still answers 4xx.
    const first = await lines.next();
    const day = new Date().toISOString().slice(0, 10);
    reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="tickets-${day}.csv"`);
    // A stream is sent as is (never through the response serializer).
    return reply.send(Readable.from((async function* () {
      if (!first.done) yield first.value;
      yield* lines;
    })()) as never);
  });

  app.get('/api/tickets/:id', {
    schema: { operationId: 'getTicket', summary: 'Get a ticket', tags: ['tickets'], params: IdParams, response: { 200: TicketResponse, ...errorResponses(401, 404) } },
  }, async (request) => ({ ticket: await getTicket(app.db, request.actor, request.params.id) }));

  app.patch('/api/tickets/:id', {
    schema: {
      operationId: 'updateTicket',
      summary: 'Update a ticket',
      tags: ['tickets'],
      params: IdParams,
      body: UpdateTicketBody,
      response: { 200: TicketResponse, ...errorResponses(401, 403, 404, 409, 422) },
    },
  }, async (request) => {
    const { title, ...rest } = request.body;
    return { ticket: await updateTicket(ctx, request.actor, request.params.id, { ...rest, title: title?.trim() }) };
  });

  app.get('/api/tickets/:id/activity', {
    schema: {
      operationId: 'listTicketActivity',
      summary: 'List the activity of a ticket',
      tags: ['tickets'],
      description: "The ticket's timeline, oldest first: creation, status, assignee, tag, title, notes and attachment changes, each with who and when.",
      params: IdParams,
      querystring: PageQuery,
      response: { 200: Page(TicketActivity), ...errorResponses(401, 404, 422) },
    },
  }, async (request) => listTicketActivity(app.db, request.actor, request.params.id, request.query));

  app.delete('/api/tickets/:id', {
    schema: { operationId: 'deleteTicket', summary: 'Delete a ticket', tags: ['tickets'], params: IdParams, response: { 204: Type.Null(), ...errorResponses(401, 403, 404) } },
  }, async (request, reply) => {
    await deleteTicket(ctx, request.actor, request.params.id);
    return reply.code(204).send(null);
  });
}
