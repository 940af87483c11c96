import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config.js';
import type { Database, Db } from './db/database.js';
import type { Actor } from './commands/accounts.js';
import type { EventBus } from './realtime/events.js';
import type { Mailer } from './mail/mailer.js';
import type { ObjectStore } from './storage/object-store.js';
import type { Presence } from './realtime/presence.js';
import type { AgentDigests } from './notifications/digest-sender.js';
import type { VisitorMailSender } from './mail/visitor-followup.js';
import type { SocketSlots } from './realtime/socket-slots.js';
import type { WebhookSender } from './webhooks/sender.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    database: Database;
    db: Db;
    events: EventBus;
    /** Attachment files: local disk or S3-compatible, chosen by STORAGE_URL. */
    storage: ObjectStore;
    /** Outgoing mail (off without SMTP_URL and PUBLIC_URL); sends in the background. */
    mailer: Mailer;
    /** Who has the dashboard open (live owner sockets), across servers on PostgreSQL. */
    presence: Presence;
    /** Teammate mail digests (server/notifications/); `runOnce()` runs a pass now. */
    agentDigests: AgentDigests;
    /** Open visitor sockets per conversation (the per-conversation cap; visitor mail asks whether one is live). */
    socketSlots: SocketSlots;
    /** Mails visitors the replies they did not see (docs/API-VISITOR-MAIL.md). */
    visitorMail: VisitorMailSender;
    /** Sends webhook deliveries in the background (server/webhooks/). */
    webhooks: WebhookSender;
  }
  interface FastifyRequest {
    /** Set by `requireActor` on owner routes. */
    actor: Actor;
  }
}

/** The Fastify instance type route plugins receive (TypeBox-typed schemas). */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;
