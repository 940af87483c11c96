import { performance } from 'node:perf_hooks';
import type { Database } from '../server/db/database.js';
import { indexTicketsBulk } from '../server/db/search.js';
import { createApiToken, signUpOwner } from '../server/commands/accounts.js';
import { hashSecret, newId } from '../server/lib/ids.js';
import { COMMON_WORD, createRandom, RARE_WORD, sentence, ticketNotes, ticketTitle, visitor, type Random } from './words.js';

export interface DatasetMeta {
  scale: number;
  engine: string;
  ownerId: string;
  apiToken: string;
  siteKey: string;
  /** Samples for scenarios that address single rows. */
  ticketIds: string[];
  conversationIds: string[];
  counts: Record<string, number>;
  generationSeconds: number;
  /** Page-2 cursors of the list scenarios (key → cursor), stored in the run's copy by the orchestrator. */
  cursors?: Record<string, string>;
  /** Seconds per generation phase. */
  phases?: Record<string, number>;
}

const BATCH = 1000;
const YEAR_MS = 365 * 86_400_000;

/**
 * Bulk-loads a data set through the data layer (Kysely, same tables and search index as the app):
 * one big owner with `scale` tickets (30% closed, ~1 KB notes), scale/5 conversations with 10
 * messages each, scale/5 form submissions, and `smallOwners` owners with a few tickets each.
 */
export async function generateDataset(database: Database, scale: number, smallOwners = 1000): Promise<DatasetMeta> {
  const started = performance.now();
  const random = createRandom(42);
  const { db } = database;
  const { user: owner } = await signUpOwner(db, { email: 'bench@example.com', password: 'bench-password-123', name: 'Bench Owner' }, { policy: 'open', engine: database.engine });
  const { token } = await createApiToken(db, { userId: owner.id, ownerId: owner.id, role: 'owner' }, 'bench');

  const conversations = Math.max(1, Math.floor(scale / 5));
  const progress = createProgress(scale + conversations * 11 + Math.floor(scale / 5) + smallOwners);
  const phases: Record<string, number> = {};
  const phase = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const result = await fn();
    phases[name] = Math.round((performance.now() - t0) / 100) / 10;
    return result;
  };
  const conversationIds = await phase('conversations', () => insertConversations(database, owner.id, conversations, random, progress));
  await phase('submissions', () => insertSubmissions(database, owner.id, Math.floor(scale / 5), random, progress));
  const ticketIds = await phase('tickets', () => insertTickets(database, owner.id, scale, conversationIds, random, progress));

  // Small owners are many tiny transactions: on PostgreSQL they overlap on the pool's connections.
  let nextSmall = 0;
  await phase('smallOwners', () => Promise.all(Array.from({ length: database.engine === 'postgres' ? 8 : 1 }, async () => {
    for (let i = nextSmall++; i < smallOwners; i = nextSmall++) {
      const small = await db.insertInto('users').values({
        id: newId(), email: `small-${i}@example.com`, name: `Small ${i}`, password_hash: 'scrypt$disabled', site_key: `site_small_${i}`, created_at: Date.now(),
      }).returning('id').executeTakeFirstOrThrow();
      const ids = await insertConversations(database, small.id, 2, random, null);
      await insertTickets(database, small.id, 5, ids, random, null);
      progress?.tick(1);
    }
  })));
  progress.done();
  return {
    scale,
    engine: database.engine,
    ownerId: owner.id,
    apiToken: token,
    siteKey: owner.site_key,
    ticketIds: sample(ticketIds, 2000, random),
    conversationIds: sample(conversationIds, 2000, random),
    counts: { tickets: scale, conversations, messages: conversations * 10, submissions: Math.floor(scale / 5), smallOwners },
    generationSeconds: Math.round((performance.now() - started) / 100) / 10,
    phases,
  };
}

type Progress = ReturnType<typeof createProgress> | null;

async function insertConversations(database: Database, ownerId: string, count: number, random: Random, progress: Progress): Promise<string[]> {
  const ids: string[] = [];
  const now = Date.now();
  await forEachBatch(database, count, async (start, size) => {
    const rows = Array.from({ length: size }, () => {
      const who = visitor(random);
      const created = now - random.int(YEAR_MS);
      return {
        id: newId(), owner_id: ownerId, visitor_token_hash: hashSecret(newId()), visitor_name: who.name, visitor_email: who.email,
        page_url: 'https://shop.example/checkout', country: random.pick(['GB', 'DE', 'US', 'FR', 'IN', 'BR']),
        last_message_body: 'Thanks!', last_message_author: 'visitor' as const, created_at: created, updated_at: created + 600_000,
        visitor_message_count: 5, // the 5 visitor messages below (the unread counter)
        // An inbox mid-day: 30% resolved, 20% assigned (to the owner: the only teammate), half of them read by the owner.
        status: random.int(10) < 3 ? ('resolved' as const) : ('open' as const),
        assignee_id: random.int(5) === 0 ? ownerId : null,
      };
    });
    const reads = rows.filter(() => random.int(2) === 0)
      .map((c) => ({ owner_id: ownerId, conversation_id: c.id, user_id: ownerId, read_count: 5, read_at: c.updated_at }));
    await database.db.transaction().execute(async (trx) => {
      await trx.insertInto('conversations').values(rows).execute();
      for (let r = 0; r < reads.length; r += BATCH) await trx.insertInto('conversation_reads').values(reads.slice(r, r + BATCH)).execute();
      const messages = rows.flatMap((c) => Array.from({ length: 10 }, (_, i) => ({
        id: newId(), owner_id: ownerId, conversation_id: c.id, author: i % 2 ? ('owner' as const) : ('visitor' as const),
        author_user_id: null, body: sentence(random, 8 + random.int(20)), created_at: c.created_at + i * 60_000,
      })));
      for (let m = 0; m < messages.length; m += BATCH) await trx.insertInto('messages').values(messages.slice(m, m + BATCH)).execute();
    });
    ids.push(...rows.map((r) => r.id));
    progress?.tick(size * 11);
  });
  return ids;
}

async function insertSubmissions(database: Database, ownerId: string, count: number, random: Random, progress: Progress): Promise<void> {
  const formId = newId();
  for (let start = 0; start < count; start += BATCH) {
    const size = Math.min(BATCH, count - start);
    const rows = Array.from({ length: size }, () => {
      const who = visitor(random);
      const fields = [{ name: 'name', label: 'Name', type: 'text', value: who.name }, { name: 'email', label: 'Email', type: 'email', value: who.email },
        { name: 'message', label: 'Message', type: 'textarea', value: sentence(random, 30) }];
      return { id: newId(), owner_id: ownerId, form_id: formId, form_name: 'Contact', fields: JSON.stringify(fields), visitor_name: who.name,
        visitor_email: who.email, page_url: 'https://shop.example/contact', country: 'GB', created_at: Date.now() - random.int(YEAR_MS) };
    });
    await database.db.insertInto('form_submissions').values(rows).execute();
    progress?.tick(size);
  }
}

async function insertTickets(database: Database, ownerId: string, count: number, conversationIds: string[], random: Random, progress: Progress): Promise<string[]> {
  const ids: string[] = [];
  const now = Date.now();
  await forEachBatch(database, count, async (start, size) => {
    const rows = Array.from({ length: size }, (_, i) => {
      const who = visitor(random);
      const created = now - YEAR_MS + Math.floor(((start + i) / count) * YEAR_MS);
      const closed = random.next() < 0.3;
      const rare = (start + i) % Math.max(1, Math.floor(count / 10)) === 7;
      const notes = `${ticketNotes(random)}${random.next() < 0.33 ? ` ${COMMON_WORD}` : ''}${rare ? ` ${RARE_WORD}` : ''}`;
      return {
        id: newId(), owner_id: ownerId, number: start + i + 1, title: ticketTitle(random), status: closed ? ('closed' as const) : random.next() < 0.5 ? ('new' as const) : ('in_progress' as const),
        notes, version: 1, source_type: 'conversation' as const, conversation_id: random.pick(conversationIds), form_submission_id: null,
        visitor_name: who.name, visitor_email: who.email, created_at: created, updated_at: created + random.int(5 * 86_400_000),
        closed_at: closed ? created + 3_600_000 + random.int(10 * 86_400_000) : null,
        // Tickets, part 2: priorities spread over all four, a due date on about a third.
        priority: random.int(4), due_at: random.next() < 0.3 ? created + random.int(14 * 86_400_000) : null,
      };
    });
    await database.db.transaction().execute(async (trx) => {
      const inserted = await trx.insertInto('tickets').values(rows).returning(['seq', 'id']).execute();
      const byId = new Map(rows.map((r) => [r.id, r]));
      await indexTicketsBulk(trx, database.engine, inserted.map(({ seq, id }) => {
        const row = byId.get(id)!;
        return { seq, ownerId, doc: { title: row.title, notes: row.notes, visitorName: row.visitor_name, visitorEmail: row.visitor_email, tags: [], filenames: [], transcript: [] } };
      }));
    });
    ids.push(...rows.map((r) => r.id));
    progress?.tick(size);
  });
  await database.db.insertInto('ticket_counters').values({ owner_id: ownerId, last_number: count })
    .onConflict((oc) => oc.column('owner_id').doUpdateSet({ last_number: count })).execute();
  return ids;
}

/**
 * Runs `fn` over [start, start + size) batches of `count`. On PostgreSQL several batches (each its own
 * transaction) overlap on the pool's connections: the server's cores work while we build rows.
 * Rows are built before the first await, so each batch's content is drawn in one piece.
 */
async function forEachBatch(database: Database, count: number, fn: (start: number, size: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let start = next; start < count; start = next) {
      next += BATCH;
      await fn(start, Math.min(BATCH, count - start));
    }
  };
  await Promise.all(Array.from({ length: database.engine === 'postgres' ? 4 : 1 }, worker));
}

function sample<T>(items: T[], n: number, random: Random): T[] {
  return Array.from({ length: Math.min(n, items.length) }, () => items[random.int(items.length)]!);
}

function createProgress(total: number) {
  let done = 0;
  let lastDraw = 0;
  const started = performance.now();
  const draw = () => {
    const ratio = Math.min(1, done / total);
    const bar = '#'.repeat(Math.round(ratio * 30)).padEnd(30, '.');
    process.stderr.write(`\r  generating [${bar}] ${(ratio * 100).toFixed(0).padStart(3)}%  ${((performance.now() - started) / 1000).toFixed(0)} s `);
  };
  return {
    tick(n: number) {
      done += n;
      if (performance.now() - lastDraw > 250) { lastDraw = performance.now(); draw(); }
    },
    done() { done = total; draw(); process.stderr.write('\n'); },
  };
}
