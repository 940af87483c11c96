import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import websocket from '@fastify/websocket';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { AppError, registerErrorHandling } from './errors.js';
import { ErrorBody } from '../shared/schemas/common.js';
import attachmentRoutes from './routes/attachments.js';
import authRoutes from './routes/auth.js';
import dashboardRoutes from './routes/dashboard.js';
import formRoutes from './routes/forms.js';
import healthRoutes from './routes/health.js';
import meRoutes from './routes/me.js';
import conversationRoutes from './routes/conversations.js';
import widgetChatRoutes from './routes/widget-chat.js';
import widgetTicketRoutes from './routes/widget-tickets.js';
import liveRoutes from './routes/live.js';
import submissionRoutes from './routes/submissions.js';
import widgetFormRoutes from './routes/widget-forms.js';
import widgetAssetRoutes from './routes/widget-assets.js';
import hostedFormRoutes from './routes/hosted-forms.js';
import demoRoutes from './routes/demo.js';
import reportRoutes from './routes/reports.js';
import ticketRoutes from './routes/tickets.js';
import tagRoutes from './routes/tags.js';
import teamRoutes from './routes/team.js';
import inviteRoutes from './routes/invites.js';
import { registerPublicPreflight } from './routes/public.js';
import { LocalEventBus, type EventBus } from './realtime/events.js';
import { PostgresEventBus } from './realtime/postgres-bus.js';
import { createObjectStore } from './storage/create-store.js';
import type { ObjectStore } from './storage/object-store.js';
import type { App } from './types.js';

export interface BuildAppOptions {
  config: Config;
  database: Database;
  /** Pino options, or false to silence (tests). */
  logger?: FastifyServerOptions['logger'];
  /** The object store; by default the one `config.storage` (STORAGE_URL) names. */
  storage?: ObjectStore & { close?(): Promise<void> };
}

/** Builds the whole server (API, sockets, static assets) around an open, migrated database. */
export async function buildApp({ config, database, logger, storage }: BuildAppOptions): Promise<App> {
  const app = Fastify({
    logger: logger ?? {
      level: config.logLevel,
      redact: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-visitor-token"]'],
    },
    // A hop count is valid at runtime (proxy-addr) though Fastify's types omit it.
    trustProxy: config.trustProxy as boolean | string[],
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('config', config);
  app.decorate('database', database);
  app.decorate('db', database.db);
  // Several servers on one PostgreSQL database share live events through LISTEN/NOTIFY.
  const events: EventBus = config.database.engine === 'postgres' && database.engine === 'postgres'
    ? await PostgresEventBus.start({ url: config.database.url, db: database.db, log: app.log })
    : new LocalEventBus();
  app.decorate('events', events);
  app.addHook('onClose', () => app.events.close());
  const store = storage ?? createObjectStore(config.storage);
  app.decorate('storage', store as ObjectStore);
  app.addHook('onClose', async () => store.close?.());
  app.decorateRequest('actor', null as never);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  registerErrorHandling(app);
  app.addSchema(ErrorBody);
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new AppError(429, 'rate_limited', `Too many requests; retry in ${Math.ceil(context.ttl / 1000)} s.`),
  });
  // Before any route: the plugin must see every route to upgrade (or refuse) socket requests.
  await app.register(websocket, {
    // Clients send nothing the server needs; a small cap keeps a hostile peer from making us buffer.
    options: { maxPayload: 4096 },
    errorHandler: (error, socket, request) => {
      request.log.debug({ err: error }, 'websocket error');
      socket.terminate();
    },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'FloatMessage API', version: '1' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'fm_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
  });

  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(meRoutes);
  await app.register(conversationRoutes);
  await app.register(widgetChatRoutes);
  await app.register(liveRoutes, {});
  await app.register(formRoutes);
  await app.register(submissionRoutes);
  await app.register(widgetFormRoutes);
  await app.register(widgetAssetRoutes, {});
  await app.register(hostedFormRoutes);
  await app.register(demoRoutes);
  await app.register(ticketRoutes);
  await app.register(widgetTicketRoutes);
  await app.register(attachmentRoutes);
  await app.register(reportRoutes);
  await app.register(tagRoutes);
  await app.register(teamRoutes);
  await app.register(inviteRoutes);
  registerPublicPreflight(app);

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  // Last: the dashboard's page fallback answers any GET that no route above claims.
  await app.register(dashboardRoutes, {});
  return app;
}
