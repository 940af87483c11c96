import type { Db, Engine } from '../db/database.js';
import type { EventBus } from '../realtime/events.js';
import type { App } from '../types.js';

/** What domain commands need from the running app: the database, its engine, the live-event bus. */
export interface CommandContext {
  db: Db;
  engine: Engine;
  events: EventBus;
}

export function commandContext(app: App): CommandContext {
  return { db: app.db, engine: app.database.engine, events: app.events };
}
