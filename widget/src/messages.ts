import type { ChatMessage } from './api.js';
import { formatSize } from './files.js';
import { t } from './i18n.js';

/** A message the visitor wrote that the server has not confirmed yet (kept across reloads of the tab). */
export interface PendingMessage {
  /** Local id, for rendering. */
  key: string;
  body: string;
  /** Name/email typed before the first message: sent with it when it starts the conversation. */
  visitor?: { name?: string; email?: string };
  /**
   * Set when a send was attempted but its answer was lost: the newest message time known then
   * (or '' if none). The server may have stored it, so the history is checked before sending again.
   */
  attemptedAfter?: string;
}

const byTimeThenId = (a: ChatMessage, b: ChatMessage) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * The known messages plus `incoming`, each once (by id), in the server's order (time, then id).
 * The same message can arrive from the POST answer, the socket and a history refetch.
 */
export function mergeMessages(known: readonly ChatMessage[], incoming: readonly ChatMessage[]): ChatMessage[] {
  if (incoming.length === 0) return known as ChatMessage[];
  const byId = new Map(known.map((message) => [message.id, message]));
  for (const message of incoming) byId.set(message.id, message);
  return [...byId.values()].sort(byTimeThenId);
}

/** Time of the newest known message ('' when none): ISO-8601 UTC strings from one server compare as text. */
export function newestTime(messages: readonly ChatMessage[]): string {
  return messages.at(-1)?.createdAt ?? '';
}

/**
 * Drops pending messages that the history shows were delivered after all (their send was attempted but
 * the answer got lost). A pending message matches a visitor message with the same body written after
 * the attempt started; each history message matches at most one pending message, oldest first.
 */
export function reconcilePending(pending: readonly PendingMessage[], history: readonly ChatMessage[]): PendingMessage[] {
  const used = new Set<string>();
  return pending.filter((item) => {
    if (item.attemptedAfter === undefined) return true;
    const delivered = history.find(
      (message) => message.author === 'visitor' && !used.has(message.id) && message.body === item.body && message.createdAt > item.attemptedAfter!,
    );
    if (!delivered) return true;
    used.add(delivered.id);
    return false;
  });
}

/** Owner replies newer than `seenAt` (what the visitor has not looked at yet). */
export function countUnread(messages: readonly ChatMessage[], seenAt: string): number {
  return messages.filter((message) => message.author === 'owner' && message.createdAt > seenAt).length;
}

/** A file as the view shows it: links already carry the visitor token. */
export interface AttachmentView {
  filename: string;
  /** Opens or downloads the file. */
  href: string;
  /** An image's thumbnail (null for other files, and for images the server made no thumbnail of). */
  thumbnail: string | null;
  size: string;
}

/** What one message shows, decided without the DOM. */
export interface MessageView {
  mine: boolean;
  /** The teammate's name shown with their reply (null for the visitor's own and for unnamed replies). */
  name: string | null;
  /** Read out before the message by screen readers ('' when the visible name says who wrote it). */
  label: string;
  body: string;
  attachments: AttachmentView[];
}

/**
 * The view of `message`. File links point at the API origin with `?token=` (images and links cannot
 * send headers); a path that is not a visitor attachment path of that origin is dropped, never linked.
 */
export function viewOf(message: ChatMessage, origin: string, token: string): MessageView {
  const mine = message.author === 'visitor';
  const name = mine ? null : message.authorName?.trim() || null;
  const attachments: AttachmentView[] = [];
  for (const file of message.attachments ?? []) {
    const href = fileUrl(file.url, origin, token);
    if (href) attachments.push({ filename: file.filename, href, thumbnail: file.thumbnailUrl ? fileUrl(file.thumbnailUrl, origin, token) : null, size: formatSize(file.size) });
  }
  return { mine, name, label: mine ? t('you') : name ? '' : t('reply'), body: message.body, attachments };
}

function fileUrl(path: string, origin: string, token: string): string | null {
  try {
    const url = new URL(path, origin);
    if (url.origin !== origin || !url.pathname.startsWith('/api/widget/conversations/')) return null;
    url.searchParams.set('token', token);
    return url.href;
  } catch {
    return null;
  }
}

/**
 * The visitor's message carrying a file named `name` of `size` bytes written after `after`, if the
 * history has one: an upload whose answer was lost may have arrived all the same.
 */
export function findUpload(messages: readonly ChatMessage[], name: string, size: number, after: string): ChatMessage | undefined {
  return messages.find((m) => m.author === 'visitor' && m.createdAt > after && (m.attachments ?? []).some((a) => a.filename === name && a.size === size));
}
