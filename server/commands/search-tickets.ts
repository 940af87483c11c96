import type { Ticket } from '../db/schema.js';
import { findSearchWindow, type SearchHit } from '../db/search.js';
import { findMatch, numberQuery, type SearchTerm } from '../db/search-text.js';
import { checkCursorNumbers, decodeCursor, encodeCursor } from '../lib/cursor.js';
import { presentTicketListItem } from '../presenters/tickets.js';
import type { Actor } from './accounts.js';
import type { CommandContext } from './context.js';
import type { TicketFilterScope } from './list-tickets.js';
import { parseTranscript } from './ticket-transcript.js';
import { loadTicketViewsById, type TicketView } from './ticket-views.js';

const DAY_MS = 86_400_000;

/**
 * Search results, best first: a ticket whose number is the query (`#123`, `123`) comes first, then
 * the full-text window (see findSearchWindow) ranked by (relevance, seq), filtered to the owner and
 * the list's filters. The cursor is the window's ceiling plus a position in that ranking: relevance
 * scores drift a little as other tickets change (bm25 uses corpus statistics), but the order of a
 * pinned window hardly does, so pages neither repeat nor skip. Each item says why it matched (`match`).
 */
export async function searchTickets(ctx: CommandContext, actor: Actor, q: string, terms: SearchTerm[], filters: TicketFilterScope, limit: number, cursor?: string) {
  // c: the window's ceiling (a seq), o: the offset in the ranking, h: the number hit's seq (0: none), pinned like the window.
  const after = decodeCursor(cursor, { c: 'number', o: 'number', h: 'number' });
  if (after) checkCursorNumbers([after.c, after.o, after.h], 0);
  // The window is the expensive part of a search: read off the event loop (ctx.reader).
  const window = await findSearchWindow(ctx.reader, ctx.engine, actor.ownerId, terms, after?.c ?? null);
  const ceiling = after?.c ?? window[0]?.seq ?? 0;
  const wantedNumber = numberQuery(q);
  const numbered = after
    ? (after.h > 0 ? { seq: after.h } : undefined)
    : wantedNumber === null ? undefined : await ctx.db.selectFrom('tickets').select('seq').where('owner_id', '=', actor.ownerId).where('number', '=', wantedNumber).executeTakeFirst();
  const numberedSeq = numbered ? Number(numbered.seq) : null;
  const offset = after?.o ?? 0;
  const page = await pickPage(ctx, actor, filters, rankedCandidates(window, numberedSeq), offset + limit + 1);
  const numberSeq = numberedSeq !== null && page[0]?.seq === numberedSeq ? numberedSeq : null;
  const shown = page.slice(offset, offset + limit);
  // The page's whole rows and their views in one statement (by id: the keys were checked for the owner), read off
  // the event loop too: on SQLite it was ~14% of the loop's busy time in a common-word search (10k profile).
  const rows = await loadTicketViewsById(ctx.reader, actor.ownerId, shown.map((key) => key.id));
  const bySeq = new Map(rows.map((row) => [Number(row.seq), row]));
  const views = shown.flatMap((key) => bySeq.get(key.seq) ?? []);
  return {
    items: views.map((view) => presentTicketListItem(view, Number(view.seq) === numberSeq ? numberMatch(view) : describeMatch(view, terms))),
    nextCursor: page.length > offset + limit ? encodeCursor({ c: ceiling, o: offset + limit, h: numberSeq ?? 0 }) : null,
  };
}

/** The number hit first, then the window by (relevance, seq): the whole order is known before any row is read. */
function rankedCandidates(window: SearchHit[], numberedSeq: number | null): number[] {
  const ranked = window.filter((hit) => hit.seq !== numberedSeq).sort((a, b) => a.rank - b.rank || a.seq - b.seq).map((hit) => hit.seq);
  return numberedSeq === null ? ranked : [numberedSeq, ...ranked];
}

interface CandidateKey { seq: number; id: string }

/**
 * The first `wanted` candidates (in ranked order) that are the owner's and pass the list's filters,
 * read by key in growing slices: a page of 50 from a 1,000-ticket window reads ~51 keys when nothing is
 * filtered out, instead of all 1,000 (issue 20: reading and filtering the whole window was most of a
 * common word's search).
 */
async function pickPage(ctx: CommandContext, actor: Actor, filters: TicketFilterScope, candidates: number[], wanted: number) {
  const page: CandidateKey[] = [];
  let start = 0;
  let slice = wanted;
  while (page.length < wanted && start < candidates.length) {
    const seqs = candidates.slice(start, start + slice);
    start += seqs.length;
    slice *= 4; // filters that drop most candidates: few round trips still
    const allowed = await filterCandidates(ctx, actor, filters, seqs);
    for (const seq of seqs) {
      const id = allowed.get(seq);
      if (id !== undefined && page.length < wanted) page.push({ seq, id });
    }
  }
  return page;
}

/** The candidates (seqs) that are the owner's and pass the filters, as seq → id. */
async function filterCandidates(ctx: CommandContext, actor: Actor, filters: TicketFilterScope, seqs: number[]): Promise<Map<number, string>> {
  const { status, assigneeId, tagId } = filters;
  const statuses = status === 'all' ? null : status === 'open' ? ['new', 'in_progress'] : [status];
  // By key only: an owner predicate in this IN query makes SQLite walk the owner's index; the owner is checked here.
  const keys = await ctx.reader.selectFrom('tickets')
    .select(['seq', 'id', 'owner_id', 'status', 'assignee_id', 'priority', 'due_at', 'conversation_id', 'form_submission_id'])
    .where('seq', 'in', seqs).execute();
  const tagged = tagId !== undefined && keys.length
    ? new Set((await ctx.db.selectFrom('ticket_tags').select('ticket_id').where('tag_id', '=', tagId).where('ticket_id', 'in', keys.map((k) => k.id)).execute()).map((row) => row.ticket_id))
    : null;
  const allowed = new Map<number, string>();
  for (const k of keys) {
    if (k.owner_id === actor.ownerId &&
      (!statuses || statuses.includes(k.status)) &&
      (assigneeId === undefined || k.assignee_id === assigneeId) &&
      (tagId === undefined || tagged?.has(k.id)) &&
      (filters.priority === undefined || k.priority === filters.priority) &&
      (!filters.conversationId || k.conversation_id === filters.conversationId) &&
      (!filters.formSubmissionId || k.form_submission_id === filters.formSubmissionId) &&
      matchesDue(filters, k.status, k.due_at)) allowed.set(Number(k.seq), k.id);
  }
  return allowed;
}

const numberMatch = (ticket: TicketView) => ({ field: 'number' as const, snippet: `[[#${Number(ticket.number)}]] ${ticket.title}` });

/** The field that best explains a full-text hit, with the matched words marked (see findMatch). */
function describeMatch(ticket: TicketView, terms: SearchTerm[]) {
  return findMatch([
    { field: 'title', text: ticket.title },
    { field: 'visitor', text: [ticket.visitor_name, ticket.visitor_email].filter(Boolean).join(' · ') },
    { field: 'tags', text: ticket.tags.join(', ') },
    { field: 'notes', text: ticket.notes },
    { field: 'attachments', text: ticket.attachments.map((a) => a.filename).join(', ') },
    // Parsed only when no earlier field has every term.
    { field: 'transcript', text: () => transcriptText(ticket) },
  ], terms) ?? undefined;
}

function transcriptText(ticket: TicketView): string {
  const transcript = parseTranscript(ticket.transcript);
  const lines = !transcript ? [] : 'messages' in transcript
    ? transcript.messages.map((m) => `${m.authorName ?? (m.author === 'visitor' ? 'Visitor' : 'Team')}: ${m.body}`)
    : transcript.fields.map((f) => `${f.label}: ${f.value}`);
  return lines.join('\n');
}

/** The `due` filter on one row (search results are filtered here rather than in SQL). */
function matchesDue(scope: TicketFilterScope, status: Ticket['status'], dueAt: number | null): boolean {
  if (!scope.due) return true;
  if (dueAt === null) return false;
  const today = Math.floor(scope.now / DAY_MS) * DAY_MS;
  if (scope.due === 'overdue') return dueAt < scope.now && status !== 'closed';
  return dueAt >= today && dueAt < today + (scope.due === 'today' ? 1 : 7) * DAY_MS;
}
