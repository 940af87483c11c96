import type { SavedReply } from '../db/schema.js';
import { iso } from './accounts.js';

export function presentSavedReply(reply: SavedReply) {
  return { id: reply.id, shortcut: reply.shortcut, title: reply.title, body: reply.body, createdAt: iso(reply.created_at), updatedAt: iso(reply.updated_at) };
}
