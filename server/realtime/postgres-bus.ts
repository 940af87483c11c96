import pg from 'pg';
import { sql } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/database.js';
import { newId } from '../lib/ids.js';
import { LocalEventBus, type EventBus, type LiveEvent } from './events.js';

/** One NOTIFY channel per database carries every live event of every server attached to it. */
export const CHANNEL = 'fm_live';
/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
const MAX_NOTIFY_BYTES = 7999;
/** Base64 characters per chunk of a large event (ASCII, so bytes = chars; the envelope adds < 100). */
const CHUNK_CHARS = 7000;
/** Events per NOTIFY statement when publishing faster than one round trip. */
const BATCH_EVENTS = 100;
const RETRY_MIN_MS = 250;
// Short cap: a reconnect attempt is cheap, and after an outage the gap should end within a second of the database returning.
const RETRY_MAX_MS = 1_000;
/** How often the LISTEN connection is checked with a round trip, and how long that may take. */
const LIVENESS_INTERVAL_MS = 10_000;
const LIVENESS_TIMEOUT_MS = 5_000;
/** The frame every local socket gets after a gap: the clients refetch what they show. */
const RESYNC: LiveEvent = { type: 'resync', data: {} };
/** Chunks of an event arrive together (one statement); a half-received event older than this is dropped. */
const PARTIAL_TTL_MS = 60_000;

/** An event with its route: `o` = owner channel, `c` = conversation channel. */
interface Routed {
  k: 'o' | 'c';
  id: string;
  e: LiveEvent;
}

/** Wire format: origin server, its sequence number, chunk index and count, data (JSON, or base64 when chunked). */
interface Envelope {
  o: string;
  s: number;
  i: number;
  n: number;
  d: string;
}

export interface PostgresEventBusOptions {
  /** Connection string for the dedicated LISTEN connection. */
  url: string;
  /** The app's pool, used to send NOTIFY. */
  db: Db;
  log: FastifyBaseLogger;
  /** Liveness check period and timeout of the LISTEN connection (tests shorten them). */
  livenessIntervalMs?: number;
  livenessTimeoutMs?: number;
}

/**
 * EventBus across several servers on one PostgreSQL database (LISTEN/NOTIFY). Events are delivered
 * to local sockets immediately and sent to the other servers through NOTIFY; a server ignores its
 * own notifications. Events too large for one NOTIFY (e.g. a 10,000-character message) are split
 * into chunks sent in one statement, hence one transaction: they arrive together or not at all.
 * Publishing is serialized (in order, batched), so other servers see one server's events in order.
 * The LISTEN connection has TCP keepalive and a periodic round-trip check (a silently dead peer is
 * noticed within seconds); when lost it reconnects at once, then with backoff. Events sent while it is
 * down are missed by this server, so once it listens again every local socket gets a `resync` frame
 * (clients refetch). A gap in one origin's sequence numbers (its NOTIFY failed) resyncs the same way.
 */
export class PostgresEventBus implements EventBus {
  private readonly local = new LocalEventBus();
  private readonly origin = newId();
  /** How this server's own envelopes begin (JSON.stringify keeps key order): they are dropped unparsed. */
  private readonly ownPrefix = `{"o":${JSON.stringify(this.origin)},`;
  private sequence = 0;
  private readonly pending: string[][] = [];
  private flushing: Promise<void> | null = null;
  private kickQueued = false;
  private readonly partials = new Map<string, { parts: (string | undefined)[]; received: number; at: number }>();
  private listener: pg.Client | null = null;
  private retryMs = RETRY_MIN_MS;
  private retryTimer: NodeJS.Timeout | null = null;
  private livenessTimer: NodeJS.Timeout | null = null;
  /** Ends the current LISTEN client as lost (set while one is connected). */
  private dropListener: ((error: Error) => void) | null = null;
  /** Last sequence number seen from each other server, to notice missed notifications. */
  private readonly lastSequence = new Map<string, number>();
  private closed = false;
  private lostAt = 0;

  private constructor(private readonly options: PostgresEventBusOptions) {}

  /** Resolves once LISTEN is active, so events published by other servers from then on arrive. */
  static async start(options: PostgresEventBusOptions): Promise<PostgresEventBus> {
    const bus = new PostgresEventBus(options);
    await bus.listen();
    bus.livenessTimer = setInterval(() => bus.checkLiveness(), options.livenessIntervalMs ?? LIVENESS_INTERVAL_MS);
    bus.livenessTimer.unref();
    return bus;
  }

  /** The backend process id of the LISTEN connection, null while reconnecting (operations and fault tests). */
  get listenerProcessId(): number | null {
    return (this.listener as unknown as { processID?: number } | null)?.processID ?? null;
  }

  toOwner(ownerId: string, event: LiveEvent): void {
    this.publish({ k: 'o', id: ownerId, e: event });
  }
  toConversation(conversationId: string, event: LiveEvent): void {
    this.publish({ k: 'c', id: conversationId, e: event });
  }
  onOwner(ownerId: string, listener: (event: LiveEvent) => void): () => void {
    return this.local.onOwner(ownerId, listener);
  }
  onConversation(conversationId: string, listener: (event: LiveEvent) => void): () => void {
    return this.local.onConversation(conversationId, listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.livenessTimer) clearInterval(this.livenessTimer);
    this.kick();
    await this.flushing;
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => {});
    await this.local.close();
  }

  private publish(routed: Routed): void {
    this.deliver(routed);
    if (this.closed) return;
    this.pending.push(this.encode(routed));
    // Flushed from a microtask: the events one change publishes together (a message goes to the workspace
    // and to the visitor's conversation) share one NOTIFY statement instead of two.
    if (this.kickQueued) return;
    this.kickQueued = true;
    queueMicrotask(() => {
      this.kickQueued = false;
      this.kick();
    });
  }

  private encode(routed: Routed): string[] {
    const s = ++this.sequence;
    const json = JSON.stringify(routed);
    const single = JSON.stringify({ o: this.origin, s, i: 0, n: 1, d: json } satisfies Envelope);
    if (Buffer.byteLength(single) <= MAX_NOTIFY_BYTES) return [single];
    const base64 = Buffer.from(json).toString('base64');
    const n = Math.ceil(base64.length / CHUNK_CHARS);
    return Array.from({ length: n }, (_, i) =>
      JSON.stringify({ o: this.origin, s, i, n, d: base64.slice(i * CHUNK_CHARS, (i + 1) * CHUNK_CHARS) } satisfies Envelope));
  }

  private kick(): void {
    if (this.flushing || this.pending.length === 0) return;
    this.flushing = this.flush().finally(() => {
      this.flushing = null;
      this.kick();
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const payloads = this.pending.splice(0, BATCH_EVENTS).flat();
      try {
        // One statement = one transaction: the chunks of an event are delivered together, in this order
        // (PostgreSQL evaluates volatile target-list functions after ORDER BY).
        await sql`select pg_notify(${CHANNEL}, p) from unnest(${payloads}::text[]) with ordinality as t(p, i) order by i`.execute(this.options.db);
      } catch (error) {
        this.options.log.error({ err: error, events: payloads.length }, 'live events: NOTIFY failed; other servers miss these events');
      }
    }
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.options.url,
      application_name: 'floatmessage-live',
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      connectionTimeoutMillis: LIVENESS_TIMEOUT_MS,
    });
    client.on('notification', (message) => {
      if (message.channel === CHANNEL && message.payload) this.receive(message.payload);
    });
    // An 'error' and an 'end' can both fire for one loss; only the first one for the current client counts.
    const lost = (error?: Error) => {
      if (this.listener !== client) return;
      this.listener = null;
      this.dropListener = null;
      client.end().catch(() => {});
      if (this.closed) return;
      this.options.log.warn({ err: error }, 'live events: LISTEN connection lost; reconnecting');
      this.scheduleRetry();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
      await client.query(`listen ${CHANNEL}`);
    } catch (error) {
      client.end().catch(() => {});
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => {});
      return;
    }
    this.listener = client;
    this.dropListener = lost;
    this.retryMs = RETRY_MIN_MS;
    this.partials.clear();
    this.lastSequence.clear();
  }

  /** A round trip on the LISTEN connection; no answer in time means the connection is dead (no FIN ever came). */
  private checkLiveness(): void {
    const client = this.listener;
    const drop = this.dropListener;
    if (!client || !drop) return;
    const timeoutMs = this.options.livenessTimeoutMs ?? LIVENESS_TIMEOUT_MS;
    const timer = setTimeout(() => drop(new Error(`LISTEN connection did not answer within ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
    client.query('select 1').then(() => clearTimeout(timer), (error: Error) => {
      clearTimeout(timer);
      if (this.listener === client) drop(error);
    });
  }

  private scheduleRetry(immediately = true): void {
    if (immediately) this.lostAt = Date.now();
    const lostAt = this.lostAt;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.listen().then(
        () => {
          if (this.closed) return;
          this.options.log.info({ gapMs: Date.now() - lostAt }, 'live events: LISTEN connection restored; sockets resync');
          this.local.broadcast(RESYNC);
        },
        (error) => {
          this.options.log.warn({ err: error }, 'live events: reconnect failed');
          if (!this.closed) this.scheduleRetry(false);
        },
      );
    }, immediately ? 0 : this.retryMs);
    this.retryTimer.unref();
    if (!immediately) this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
  }

  private receive(payload: string): void {
    if (payload.startsWith(this.ownPrefix)) return; // already delivered locally
    let envelope: Envelope;
    try {
      envelope = JSON.parse(payload) as Envelope;
    } catch {
      return;
    }
    this.noteSequence(envelope.o, envelope.s);
    if (envelope.n === 1) {
      this.deliverJson(envelope.d);
      return;
    }
    const key = `${envelope.o}:${envelope.s}`;
    const now = Date.now();
    let partial = this.partials.get(key);
    if (!partial) {
      this.dropStalePartials(now);
      partial = { parts: new Array(envelope.n), received: 0, at: now };
      this.partials.set(key, partial);
    }
    if (partial.parts[envelope.i] === undefined) partial.received++;
    partial.parts[envelope.i] = envelope.d;
    if (partial.received < envelope.n) return;
    this.partials.delete(key);
    this.deliverJson(Buffer.from(partial.parts.join(''), 'base64').toString('utf8'));
  }

  /** A server's events carry consecutive numbers; a jump means some never arrived (its NOTIFY failed). */
  private noteSequence(origin: string, sequence: number): void {
    const last = this.lastSequence.get(origin);
    if (last !== undefined && sequence === last) return; // another chunk of the same event
    this.lastSequence.set(origin, sequence);
    if (last !== undefined && sequence > last + 1) {
      this.options.log.warn({ origin, missed: sequence - last - 1 }, 'live events: missed notifications; sockets resync');
      this.local.broadcast(RESYNC);
    }
  }

  private dropStalePartials(now: number): void {
    for (const [key, partial] of this.partials) {
      if (now - partial.at > PARTIAL_TTL_MS) this.partials.delete(key);
    }
  }

  private deliverJson(json: string): void {
    try {
      const routed = JSON.parse(json) as Routed;
      if ((routed.k === 'o' || routed.k === 'c') && typeof routed.id === 'string' && routed.e) this.deliver(routed);
    } catch (error) {
      this.options.log.warn({ err: error }, 'live events: unreadable notification dropped');
    }
  }

  private deliver(routed: Routed): void {
    if (routed.k === 'o') this.local.toOwner(routed.id, routed.e);
    else this.local.toConversation(routed.id, routed.e);
  }
}
