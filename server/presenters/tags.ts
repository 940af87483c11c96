import type { Tag } from '../../shared/schemas/tags.js';
import type { TagWithCounts } from '../commands/tags.js';
import { iso } from './accounts.js';

export function presentTag(tag: TagWithCounts): Tag {
  return { id: tag.id, name: tag.name, openCount: tag.open_count, closedCount: tag.closed_count, createdAt: iso(tag.created_at) };
}
