import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/database.js';
import { LocalPresence, PostgresPresence, type Presence } from './presence.js';

/** Shared by every server on PostgreSQL; in memory on SQLite (one process). */
export async function startPresence(database: Database, log: FastifyBaseLogger): Promise<Presence> {
  if (database.engine !== 'postgres') return new LocalPresence();
  return PostgresPresence.start(database.db, (error) => log.warn({ err: error }, 'presence'));
}
