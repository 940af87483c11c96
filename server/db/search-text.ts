/**
 * The text side of ticket search, shared by both engines (so both index and query the same tokens)
 * and by the result snippets. Pure functions, no database.
 *
 * - Case folding: accents removed, lowercase, `ß` → `ss`, dotless `ı` → `i` (and `İ` → `i` through
 *   the accent removal), so `STRASSE`/`Straße` and `İstanbul`/`istanbul`/`ISTANBUL` meet.
 * - Words are runs of letters and digits, matched as prefixes.
 * - Scripts written without spaces (Chinese, Japanese, Korean, Thai, …) are indexed one character per
 *   token; a query run of them is a phrase of adjacent characters, i.e. a substring match.
 */

const NO_SPACE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const RUN = /[\p{L}\p{N}\p{M}]+/gu;
const ASCII_WORD = /^[A-Za-z0-9]+$/;
/**
 * Per ticket, both engines alike: at most this many tokens, distinct tokens of at most this many
 * bytes in all, no token longer than MAX_TOKEN_LENGTH (a run of 100,000 x is no word anyone searches).
 * Together these keep a PostgreSQL tsvector under its 1 MB limit (text + 4 bytes per lexeme + 2 per position).
 */
export const MAX_DOCUMENT_TOKENS = 100_000;
const MAX_DISTINCT_BYTES = 400_000;
export const MAX_TOKEN_LENGTH = 100;
export const MAX_QUERY_TERMS = 16;

export type SearchTerm = { kind: 'word'; text: string } | { kind: 'phrase'; chars: string[] };

/** Accent- and case-insensitive form of a text (also used for tag names). */
export function foldCase(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').normalize('NFC').toLowerCase().replace(/ß/g, 'ss').replace(/ı/g, 'i');
}

interface Segment {
  /** Offsets in the original text. */
  start: number;
  end: number;
  /** Folded tokens: one for a word, one per character for a no-space script. */
  tokens: string[];
  cjk: boolean;
}

/** Splits a text into word segments and single no-space-script characters, with their original offsets. */
export function segments(text: string): Segment[] {
  const out: Segment[] = [];
  for (const run of text.matchAll(RUN)) {
    // Most words are plain ASCII letters and digits: their one token is the word in lower case (what the
    // general path below gives, at a fraction of the cost; result snippets segment every field of 50 tickets).
    if (ASCII_WORD.test(run[0])) {
      out.push({ start: run.index, end: run.index + run[0].length, tokens: [run[0].toLowerCase()], cjk: false });
      continue;
    }
    let wordStart = -1;
    let offset = run.index;
    const flushWord = (end: number) => {
      if (wordStart < 0) return;
      const tokens = foldedWords(text.slice(wordStart, end));
      if (tokens.length) out.push({ start: wordStart, end, tokens, cjk: false });
      wordStart = -1;
    };
    for (const char of run[0]) {
      if (NO_SPACE_SCRIPT.test(char)) {
        flushWord(offset);
        const tokens = foldedWords(char);
        if (tokens.length) out.push({ start: offset, end: offset + char.length, tokens, cjk: true });
      } else if (/\p{M}/u.test(char) && wordStart < 0 && out.at(-1)?.end === offset) {
        // A combining mark after a no-space character belongs to it.
        out.at(-1)!.end += char.length;
      } else if (wordStart < 0) {
        wordStart = offset;
      }
      offset += char.length;
    }
    flushWord(offset);
  }
  return out;
}

const foldedWords = (text: string) => foldCase(text).match(/[\p{L}\p{N}]+/gu) ?? [];

/** The tokens of a document, in order (what both engines index). */
export function documentTokens(text: string): string[] {
  const tokens: string[] = [];
  const distinct = new Set<string>();
  let bytes = 0;
  for (const segment of segments(text)) {
    for (const token of segment.tokens) {
      if (token.length > MAX_TOKEN_LENGTH) continue;
      if (!distinct.has(token)) {
        bytes += Buffer.byteLength(token);
        if (bytes > MAX_DISTINCT_BYTES) return tokens;
        distinct.add(token);
      }
      tokens.push(token);
      if (tokens.length >= MAX_DOCUMENT_TOKENS) return tokens;
    }
  }
  return tokens;
}

/** The distinct terms of a query: words (prefix match) and runs of no-space characters (phrases). */
export function searchTerms(query: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  const seen = new Set<string>();
  const add = (term: SearchTerm) => {
    const key = term.kind === 'word' ? `w:${term.text}` : `p:${term.chars.join(' ')}`;
    if (seen.has(key) || terms.length >= MAX_QUERY_TERMS) return;
    seen.add(key);
    terms.push(term);
  };
  let phrase: string[] = [];
  let lastEnd = -1;
  const flush = () => {
    if (phrase.length) add({ kind: 'phrase', chars: phrase });
    phrase = [];
  };
  for (const segment of segments(query)) {
    if (segment.cjk) {
      if (segment.start !== lastEnd) flush();
      phrase.push(...segment.tokens);
    } else {
      flush();
      for (const token of segment.tokens) if (token.length <= MAX_TOKEN_LENGTH) add({ kind: 'word', text: token });
    }
    lastEnd = segment.end;
  }
  flush();
  return terms;
}

/** A ticket number asked for as `#123` or `123` (the whole query). */
export function numberQuery(query: string): number | null {
  const match = /^\s*#?\s*(\d{1,15})\s*$/.exec(query);
  return match ? Number(match[1]) : null;
}

export interface MatchField {
  field: 'number' | 'title' | 'notes' | 'visitor' | 'tags' | 'attachments' | 'transcript';
  /** The text, or how to build it: a field after one that matched every term is never looked at. */
  text: string | (() => string);
}

/**
 * Why a ticket matched: the field with the most of the query's terms, and a snippet of about
 * `width` characters around the first hit with every matched word wrapped in [[ ]].
 */
export function findMatch(fields: MatchField[], terms: SearchTerm[], width = 160): { field: MatchField['field']; snippet: string } | null {
  let best: { field: MatchField['field']; text: string; spans: [number, number][]; score: number } | null = null;
  for (const field of fields) {
    const text = typeof field.text === 'string' ? field.text : field.text();
    const { spans, matchedTerms } = matchSpans(text, terms);
    if (matchedTerms > (best?.score ?? 0)) best = { field: field.field, text, spans, score: matchedTerms };
    // Ties go to the earlier field, so none after a field with every term can win.
    if (best && best.score === terms.length) break;
  }
  if (!best) return null;
  return { field: best.field, snippet: snippet(best.text, best.spans, width) };
}

type Spans = { spans: [number, number][]; matchedTerms: number };
const NON_ASCII = /[\u0080-\uffff]/;

function matchSpans(text: string, terms: SearchTerm[]): Spans {
  return terms.every((term) => term.kind === 'word') && !NON_ASCII.test(text) ? matchAsciiSpans(text, terms as { kind: 'word'; text: string }[]) : matchSegmentSpans(text, terms);
}

const isAsciiWordChar = (code: number) => (code >= 48 && code <= 57) || (code >= 97 && code <= 122) || (code >= 65 && code <= 90);

/**
 * matchSegmentSpans for ASCII text and word terms, without segmenting the text: in ASCII, folding is
 * lower-casing and a word is a run of letters and digits, so a term matches where it occurs at the start
 * of such a run, and the span is that run. Result snippets look at every field of 50 tickets per search
 * page; segmenting ~1 KB of notes per ticket was most of a common word's search on the main thread (issue 20).
 */
export function matchAsciiSpans(text: string, terms: { kind: 'word'; text: string }[]): Spans {
  const lower = text.toLowerCase();
  const spans: [number, number][] = [];
  let matchedTerms = 0;
  for (const { text: term } of terms) {
    let found = false;
    for (let at = term ? lower.indexOf(term) : -1; at >= 0; at = lower.indexOf(term, at + 1)) {
      if (at > 0 && isAsciiWordChar(lower.charCodeAt(at - 1))) continue;
      let end = at + term.length;
      while (end < lower.length && isAsciiWordChar(lower.charCodeAt(end))) end++;
      spans.push([at, end]);
      found = true;
    }
    if (found) matchedTerms++;
  }
  return { spans: mergeSpans(spans), matchedTerms };
}

/** The general case: every segment of the text against every term (no-space scripts as phrases). */
export function matchSegmentSpans(text: string, terms: SearchTerm[]): Spans {
  const segs = segments(text);
  const spans: [number, number][] = [];
  const matched = new Set<number>();
  segs.forEach((segment, i) => {
    terms.forEach((term, t) => {
      if (term.kind === 'word') {
        if (!segment.cjk && segment.tokens.some((token) => token.startsWith(term.text))) {
          spans.push([segment.start, segment.end]);
          matched.add(t);
        }
        return;
      }
      const run = segs.slice(i, i + term.chars.length);
      if (run.length === term.chars.length && run.every((s, k) => s.cjk && s.tokens[0] === term.chars[k] && (k === 0 || run[k - 1]!.end === s.start))) {
        spans.push([run[0]!.start, run.at(-1)!.end]);
        matched.add(t);
      }
    });
  });
  return { spans: mergeSpans(spans), matchedTerms: matched.size };
}

function mergeSpans(spans: [number, number][]): [number, number][] {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const span of sorted) {
    const last = merged.at(-1);
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([...span]);
  }
  return merged;
}

function snippet(text: string, spans: [number, number][], width: number): string {
  const first = spans[0]!;
  let start = Math.max(0, first[0] - Math.floor(width / 3));
  const end = Math.min(text.length, start + width);
  start = Math.max(0, Math.min(start, end - width));
  // Never cut a surrogate pair.
  if (start > 0 && /[\uDC00-\uDFFF]/.test(text[start]!)) start--;
  let out = start > 0 ? '…' : '';
  let at = start;
  for (const [s, e] of spans) {
    if (e <= start || s >= end) continue;
    const from = Math.max(s, start);
    const to = Math.min(e, end);
    out += text.slice(at, from) + '[[' + text.slice(from, to) + ']]';
    at = to;
  }
  out += text.slice(at, end) + (end < text.length ? '…' : '');
  return out.replace(/\s+/g, ' ').trim();
}
