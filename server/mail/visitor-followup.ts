import type { FastifyBaseLogger } from 'fastify';
import { issueVisitorToken, pruneVisitorTokens } from '../commands/visitor-access.js';
import type { Db } from '../db/database.js';
import type { Conversation } from '../db/schema.js';
import { presentVisitorTicket } from '../presenters/ticket-visitor.js';
import type { SocketSlots } from '../realtime/socket-slots.js';
import type { Mailer } from './mailer.js';
import { visitorFollowupEmail, type FollowupReply } from './visitor-followup-email.js';

export interface VisitorMailSenderOptions {
  db: Db;
  mailer: Mailer;
  /** A visitor socket open on any server means the replies are being seen live. */
  socketSlots: Pick<SocketSlots, 'count'>;
  /** VISITOR_EMAIL_DELAY_S in ms: how long a reply waits for the visitor before it is mailed. */
  delayMs: number;
  log: Pick<FastifyBaseLogger, 'info' | 'warn'>;
}

/** Conversations looked at per tick; the rest wait for the next one. */
const CONVERSATIONS_PER_TICK = 50;
/** Sent rows are kept this long (what was mailed when), then pruned. */
const KEEP_SENT_MS = 30 * 24 * 60 * 60_000;

/**
 * Sends the durable visitor-mail queue (docs/API-VISITOR-MAIL.md). Each tick takes conversations with
 * a row older than the delay; a row the visitor has seen (a live socket now, or seen since the row was
 * written) is closed as `seen`; the rest of the conversation's rows are claimed with one
 * UPDATE … WHERE sent_at IS NULL and become ONE mail. The claim is the exactly-once step: with several
 * servers on one PostgreSQL database only one of them gets the rows back. A claimed mail is handed to
 * the Mailer (which retries in memory); a crash between claim and delivery loses that mail rather than
 * sending it twice.
 */
export class VisitorMailSender {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private ticks = 0;

  constructor(private readonly options: VisitorMailSenderOptions) {}

  /** Ticks often enough that a reply waits about the delay, not much longer. */
  start(): void {
    const intervalMs = Math.min(10_000, Math.max(1000, Math.floor(this.options.delayMs / 4)));
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.tick().catch((error: unknown) => this.options.log.warn({ err: error }, 'visitor mail tick failed'))
        .finally(() => { this.running = null; });
    }, intervalMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass over the due queue; answers how many mails were handed to the mailer. `now` is for tests. */
  async tick(now = Date.now()): Promise<number> {
    const { db, delayMs } = this.options;
    const due = await db.selectFrom('visitor_mail_queue').select('conversation_id').distinct()
      .where('sent_at', 'is', null).where('created_at', '<=', now - delayMs)
      .limit(CONVERSATIONS_PER_TICK).execute();
    let mailed = 0;
    for (const { conversation_id } of due) {
      if (await this.followUp(conversation_id, now)) mailed++;
    }
    if (++this.ticks % 100 === 1) await this.prune(now);
    return mailed;
  }

  private async followUp(conversationId: string, now: number): Promise<boolean> {
    const { db, mailer, socketSlots, delayMs } = this.options;
    const conversation = await db.selectFrom('conversations').selectAll().where('id', '=', conversationId).executeTakeFirst();
    if (!conversation) return false;
    // Mail is off (no SMTP_URL / PUBLIC_URL), there is no address, or the visitor unsubscribed.
    if (!mailer.status.enabled || !conversation.visitor_email || conversation.visitor_mail_off_at) {
      await closeRows(db, conversationId, now, 'off');
      return false;
    }
    if (!mailer.enabled) return false; // shutting down: leave the rows for the next start
    if ((await socketSlots.count(conversationId)) > 0) {
      await closeRows(db, conversationId, now, 'seen');
      return false;
    }
    if (conversation.visitor_seen_at) await closeRows(db, conversationId, conversation.visitor_seen_at, 'seen');
    const stillDue = await db.selectFrom('visitor_mail_queue').select('id')
      .where('conversation_id', '=', conversationId).where('sent_at', 'is', null).where('created_at', '<=', now - delayMs)
      .limit(1).executeTakeFirst();
    if (!stillDue) return false;

    const claimed = await db.transaction().execute(async (trx) => {
      const rows = await trx.updateTable('visitor_mail_queue').set({ sent_at: now, outcome: 'mailed' })
        .where('conversation_id', '=', conversationId).where('sent_at', 'is', null).where('created_at', '<=', now)
        .returning(['kind', 'message_id', 'ticket_id'])
        .execute();
      if (rows.length === 0) return null; // another server claimed them
      const resume = await issueVisitorToken(trx, conversation, 'resume', now);
      const unsubscribe = await issueVisitorToken(trx, conversation, 'unsubscribe', now);
      return { rows, resume, unsubscribe };
    });
    if (!claimed) return false;
    const messageIds = claimed.rows.flatMap((row) => (row.message_id ? [row.message_id] : []));
    const ticketIds = [...new Set(claimed.rows.flatMap((row) => (row.ticket_id ? [row.ticket_id] : [])))];
    const replies = await loadReplies(db, conversation, messageIds);
    const tickets = ticketIds.length === 0 ? [] : (await db.selectFrom('tickets').select(['number', 'title', 'status', 'updated_at'])
      .where('owner_id', '=', conversation.owner_id).where('id', 'in', ticketIds).where('visible_to_visitor', '=', 1)
      .orderBy('number').execute()).map(presentVisitorTicket);
    if (replies.length === 0 && tickets.length === 0) return false;
    const team = await db.selectFrom('users').select('name').where('id', '=', conversation.owner_id).executeTakeFirst();
    const path = `/c/${encodeURIComponent(conversation.id)}`;
    const sent = mailer.send(visitorFollowupEmail({
      to: { name: conversation.visitor_name, address: conversation.visitor_email },
      teamName: team?.name ?? '',
      replies,
      tickets,
      pageUrl: mailer.link(`${path}?t=${encodeURIComponent(claimed.resume)}`),
      unsubscribeUrl: mailer.link(`${path}/unsubscribe?u=${encodeURIComponent(claimed.unsubscribe)}`),
    }));
    if (sent) this.options.log.info({ conversationId, replies: replies.length, tickets: tickets.length }, 'visitor mail queued');
    return sent;
  }

  private async prune(now: number): Promise<void> {
    await this.options.db.deleteFrom('visitor_mail_queue').where('sent_at', '<', now - KEEP_SENT_MS).execute();
    await pruneVisitorTokens(this.options.db, now);
  }
}

/** Closes the conversation's pending rows written up to `upTo` without a mail. */
async function closeRows(db: Db, conversationId: string, upTo: number, outcome: 'seen' | 'off'): Promise<void> {
  await db.updateTable('visitor_mail_queue').set({ sent_at: Date.now(), outcome })
    .where('conversation_id', '=', conversationId).where('sent_at', 'is', null).where('created_at', '<=', upTo).execute();
}

/** The claimed replies as the visitor sees them: author display name, text, file names; oldest first. */
async function loadReplies(db: Db, conversation: Conversation, messageIds: string[]): Promise<FollowupReply[]> {
  if (messageIds.length === 0) return [];
  const messages = await db.selectFrom('messages')
    .leftJoin('users', 'users.id', 'messages.author_user_id')
    .select(['messages.id', 'messages.body', 'messages.author', 'users.name as author_name'])
    .where('messages.owner_id', '=', conversation.owner_id).where('messages.conversation_id', '=', conversation.id)
    .where('messages.id', 'in', messageIds).where('messages.author', '=', 'owner')
    .orderBy('messages.created_at').orderBy('messages.id').execute();
  const files = await db.selectFrom('chat_attachments').select(['message_id', 'filename'])
    .where('owner_id', '=', conversation.owner_id).where('message_id', 'in', messageIds).orderBy('created_at').execute();
  return messages.map((message) => ({
    authorName: message.author_name,
    body: message.body,
    fileNames: files.filter((file) => file.message_id === message.id).map((file) => file.filename),
  }));
}
