import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/database.js';
import { LocalPresence, PostgresPresence, type Presence } from './presence.js';
import { ServerHeartbeat } from './server-heartbeat.js';
import { LocalSocketSlots, PostgresSocketSlots, type SocketSlots } from './socket-slots.js';

/** At most this many visitor sockets per conversation (tabs of one visitor), on all servers together. */
export const MAX_VISITOR_SOCKETS_PER_CONVERSATION = 20;

/**
 * What this server's sockets tell the others: which teammates have the dashboard open (presence) and
 * how many visitor sockets each conversation has (socket slots). In memory on SQLite (one process);
 * on PostgreSQL both count under one server heartbeat, so a crashed server stops counting everywhere.
 */
export interface LiveState {
  presence: Presence;
  socketSlots: SocketSlots;
  close(): Promise<void>;
}

export async function startLiveState(database: Database, log: FastifyBaseLogger): Promise<LiveState> {
  if (database.engine !== 'postgres') {
    const presence = new LocalPresence();
    const socketSlots = new LocalSocketSlots(MAX_VISITOR_SOCKETS_PER_CONVERSATION);
    return { presence, socketSlots, close: async () => { await socketSlots.close(); await presence.close(); } };
  }
  const onError = (what: string) => (error: unknown) => log.warn({ err: error }, what);
  const heartbeat = await ServerHeartbeat.start(database.db, onError('server heartbeat'));
  const presence = new PostgresPresence(heartbeat, onError('presence'));
  const socketSlots = new PostgresSocketSlots(heartbeat, MAX_VISITOR_SOCKETS_PER_CONVERSATION, onError('socket slots'));
  return {
    presence,
    socketSlots,
    close: async () => {
      await socketSlots.close();
      await presence.close();
      await heartbeat.close();
    },
  };
}
