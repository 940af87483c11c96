import Fastify, { type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import websocket from '@fastify/websocket';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { AppError, answerClientError, answerFrameworkError, registerErrorHandling } from './errors.js';
import { refuseUnstorableText } from './http/hostile-text.js';
import { requestIdOf } from './http/request-id.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { createValidators } from './http/validators.js';
import attachmentRoutes from './routes/attachments.js';
import authRoutes from './routes/auth.js';
import accountRecoveryRoutes from './routes/account-recovery.js';
import mailSettingsRoutes from './routes/mail-settings.js';
import storageSettingsRoutes from './routes/storage-settings.js';
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
import unreadRoutes from './routes/unread.js';
import savedReplyRoutes from './routes/saved-replies.js';
import { chatFileRoutes, widgetChatFileRoutes } from './routes/chat-files.js';
import metricsRoutes from './routes/metrics.js';
import apiDocsRoutes from './routes/api-docs.js';
import { registerOpenApi } from './openapi.js';
import hostedConversationRoutes from './routes/hosted-conversation.js';
import { VisitorMailSender } from './mail/visitor-followup.js';
import { registerPublicPreflight } from './routes/public.js';
import { LocalEventBus, type EventBus } from './realtime/events.js';
import { PostgresEventBus } from './realtime/postgres-bus.js';
import { Mailer, type MailerOptions } from './mail/mailer.js';
import { createObjectStore } from './storage/create-store.js';
import { registerBodyLimits } from './body-limits.js';
import { postgresRateLimitStore, sweepRateLimits } from './db/rate-limit-store.js';
import type { ObjectStore } from './storage/object-store.js';
import type { App } from './types.js';
import { startLiveState } from './realtime/live-state.js';
import availabilityRoutes from './routes/availability.js';
import notificationRoutes from './routes/notifications.js';
import { startAgentDigests } from './notifications/digest-sender.js';
import webhookRoutes from './routes/webhooks.js';
import { startWebhookSender } from './webhooks/lifecycle.js';

export interface BuildAppOptions {
  config: Config;
  database: Database;
  /** Pino options, or false to silence (tests). */
  logger?: FastifyServerOptions['logger'];
  /** The object store; by default the one `config.storage` (STORAGE_URL) names. */
  storage?: ObjectStore & { close?(): Promise<void> };
  /** Mail delivery options (tests shorten the retry backoff and trust their own TLS certificate). */
  mail?: MailerOptions;
}

function hasTemporaries(store: object): store is { sweepTemporaries(olderThanMs: number): Promise<number> } {
  return typeof (store as { sweepTemporaries?: unknown }).sweepTemporaries === 'function';
}

/**
 * Temp files of uploads cut short by a crash are removed at start and every 10 minutes. A live upload
 * writes at least every rate window (slower ones are cut off), so a temp file untouched for twice the
 * longest body time limit belongs to no request, even with several servers on one volume.
 */
function sweepTemporaries(app: App, store: { sweepTemporaries(olderThanMs: number): Promise<number> }): void {
  const { uploadRateWindowMs, bodyTimeoutMs, uploadMinBytesPerSecond } = app.config.limits;
  const olderThanMs = uploadMinBytesPerSecond > 0 ? 2 * Math.max(uploadRateWindowMs, bodyTimeoutMs) : 60 * 60_000;
  const sweep = () => store.sweepTemporaries(olderThanMs).then(
    (removed) => removed && app.log.info({ removed }, 'removed temp files left by interrupted uploads'),
    (err) => app.log.warn({ err }, 'temp file sweep failed'),
  );
  app.addHook('onReady', async () => {
    await sweep();
  });
  const timer = setInterval(sweep, 10 * 60_000);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}

/** Builds the whole server (API, sockets, static assets) around an open, migrated database. */
export async function buildApp({ config, database, logger, storage, mail }: BuildAppOptions): Promise<App> {
  const app = Fastify({
    logger: logger ?? {
      level: config.logLevel,
      redact: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-visitor-token"]'],
    },
    // A hop count is valid at runtime (proxy-addr) though Fastify's types omit it.
    trustProxy: config.trustProxy as boolean | string[],
    requestIdHeader: false,
    genReqId: requestIdOf,
    bodyLimit: 1024 * 1024,
    // Requests that arrive while closing get our own 503 (with Retry-After and the error shape), below.
    return503OnClosing: false,
    // Errors raised before routing (a path that is not valid UTF-8, …) and HTTP framing errors keep our error shape too.
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
  }).withTypeProvider<TypeBoxTypeProvider>();
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
    if (closing) throw new AppError(503, 'shutting_down', 'This server is shutting down; try again shortly.');
  });

  const validators = createValidators();
  app.setValidatorCompiler(({ schema, httpPart }) => validators.compile(schema, httpPart));
  app.addHook('preValidation', refuseUnstorableText);

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
  if (hasTemporaries(store)) sweepTemporaries(app, store);
  registerBodyLimits(app, {
    bodyTimeoutMs: config.limits.bodyTimeoutMs,
    minBytesPerSecond: config.limits.uploadMinBytesPerSecond,
    rateWindowMs: config.limits.uploadRateWindowMs,
  });
  app.decorate('mailer', new Mailer(config, app.log, mail));
  app.addHook('onClose', () => app.mailer.close());
  const live = await startLiveState(database, app.log);
  app.decorate('presence', live.presence);
  app.decorate('socketSlots', live.socketSlots);
  app.addHook('onClose', () => live.close());
  startAgentDigests(app);
  // Visitor mail: the sender ticks from onReady on; a visitor with a live socket has seen the replies.
  app.decorate('visitorMail', new VisitorMailSender({ db: database.db, mailer: app.mailer, socketSlots: live.socketSlots, delayMs: config.visitorEmailDelayMs, log: app.log }));
  app.addHook('onReady', async () => app.visitorMail.start());
  app.addHook('preClose', () => app.visitorMail.close());
  startWebhookSender(app);
  app.decorateRequest('actor', null as never);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  registerErrorHandling(app);
  await registerSecurityHeaders(app);
  await app.register(cookie);
  // On PostgreSQL every limit (login, public API, any route's config.rateLimit) counts in the database,
  // shared by all servers on it; on SQLite (one process) in memory.
  if (database.engine === 'postgres') {
    const timer = setInterval(() => {
      sweepRateLimits(database.db).catch((err) => app.log.warn({ err }, 'rate limit sweep failed'));
    }, 60_000);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
  }
  await app.register(rateLimit, {
    global: false,
    ...(database.engine === 'postgres' ? { store: postgresRateLimitStore(database.db) } : {}),
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
  await registerOpenApi(app);
  await app.register(apiDocsRoutes);

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
  await app.register(unreadRoutes);
  await app.register(savedReplyRoutes);
  await app.register(chatFileRoutes);
  await app.register(widgetChatFileRoutes);
  await app.register(accountRecoveryRoutes);
  await app.register(mailSettingsRoutes);
  await app.register(storageSettingsRoutes);
  await app.register(metricsRoutes);
  await app.register(availabilityRoutes);
  await app.register(notificationRoutes);
  await app.register(hostedConversationRoutes);
  await app.register(webhookRoutes);
  registerPublicPreflight(app);

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  // Last: the dashboard's page fallback answers any GET that no route above claims.
  await app.register(dashboardRoutes, {});
  return app;
}
