import type { App } from '../types.js';
import { WebhookSender } from './sender.js';

/** The sender runs from `ready` to `close` (stopped before the database closes); `app.webhooks.wake()` after commits. */
export function startWebhookSender(app: App): void {
  const sender = new WebhookSender({ db: app.db, engine: app.database.engine, config: app.config.webhooks, log: app.log });
  app.decorate('webhooks', sender);
  app.addHook('onReady', async () => sender.start());
  app.addHook('preClose', async () => sender.stop());
}
