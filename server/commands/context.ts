import type { FastifyBaseLogger } from 'fastify';
import type { Db, Engine } from '../db/database.js';
import type { EventBus } from '../realtime/events.js';
import type { ObjectStore } from '../storage/object-store.js';
import type { App } from '../types.js';
import type { WebhookSender } from '../webhooks/sender.js';

/** What domain commands need from the running app: the database, its engine, the live-event bus, the object store. */
export interface CommandContext {
  db: Db;
  /** Heavy read-only statements (search, export, reports) go here: off the event loop on SQLite (database.ts). */
  reader: Db;
  engine: Engine;
  events: EventBus;
  storage: ObjectStore;
  /** For what goes wrong after a commit (an object left to `reconcile`, a skipped thumbnail). */
  log: Pick<FastifyBaseLogger, 'warn' | 'error'>;
  /** WORKSPACE_STORAGE_QUOTA_MB in bytes; null or absent: no quota (see storage-quota.ts). */
  storageQuotaBytes?: number | null;
  /** Woken after a commit that wrote webhook deliveries (commands/events.ts). */
  webhooks: Pick<WebhookSender, 'wake'>;
}

export function commandContext(app: App): CommandContext {
  return { db: app.db, reader: app.database.reader, engine: app.database.engine, events: app.events, storage: app.storage, log: app.log, storageQuotaBytes: app.config.workspaceStorageQuotaBytes, webhooks: app.webhooks };
}
