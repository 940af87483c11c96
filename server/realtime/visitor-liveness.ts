import type { Db } from '../db/database.js';
import type { SocketSlots } from './socket-slots.js';

/**
 * Whether a conversation's visitor is watching right now: the visitor sockets counted by the socket
 * slots (in memory on SQLite, summed over live servers on PostgreSQL). The slots belong to the live
 * routes, which bind them here when they start; until then nobody counts as live.
 */
export class VisitorLiveness {
  private slots: SocketSlots | null = null;

  bind(slots: SocketSlots): void {
    this.slots = slots;
  }

  async isLive(conversationId: string): Promise<boolean> {
    return this.slots ? (await this.slots.count(conversationId)) > 0 : false;
  }
}

/**
 * Records that the visitor is looking at the conversation now (a socket opened or closed, messages
 * fetched, the hosted page read): replies written before this moment were seen and are not mailed.
 */
export async function markVisitorSeen(db: Db, conversationId: string, now = Date.now()): Promise<void> {
  // Only conversations with an email can get mail: the others need no write.
  await db.updateTable('conversations').set({ visitor_seen_at: now })
    .where('id', '=', conversationId).where('visitor_email', 'is not', null).execute();
}
