import { expect, it } from 'vitest';
import { documentTokens, findMatch, foldCase, matchAsciiSpans, matchSegmentSpans, numberQuery, searchTerms } from './search-text.js';
import { tagKey } from '../commands/tags.js';

it('folds case the way a user expects: ß/ss, İ/ı/i, accents, ligatures', () => {
  expect(foldCase('Straße STRASSE straße ẞ')).toBe('strasse strasse strasse ss');
  expect(foldCase('İstanbul ISTANBUL ıstanbul istanbul')).toBe('istanbul istanbul istanbul istanbul');
  expect(foldCase('Zoë ﬁle')).toBe('zoe file');
  expect(tagKey('STRAẞE')).toBe(tagKey('Straße'));
  expect(tagKey('strasse')).toBe(tagKey('Straße'));
  expect(tagKey('İade')).toBe(tagKey('iade'));
  expect(tagKey('IADE')).toBe(tagKey('ıade'));
  expect(tagKey('Café')).not.toBe(tagKey('Cafe'));
});

it('indexes no-space scripts one character per token and queries a run of them as a phrase', () => {
  expect(documentTokens('東京都の天気 ok')).toEqual(['東', '京', '都', 'の', '天', '気', 'ok']);
  expect(documentTokens('abc東京def')).toEqual(['abc', '東', '京', 'def']);
  expect(searchTerms('京都 weather')).toEqual([{ kind: 'phrase', chars: ['京', '都'] }, { kind: 'word', text: 'weather' }]);
  expect(searchTerms('東 京')).toEqual([{ kind: 'phrase', chars: ['東'] }, { kind: 'phrase', chars: ['京'] }]);
  expect(documentTokens('환불 요청')).toEqual(['환', '불', '요', '청']);
});

it('reads #123 and 123 as a ticket number, nothing else', () => {
  expect(numberQuery('#123')).toBe(123);
  expect(numberQuery(' 12 ')).toBe(12);
  expect(numberQuery('# 7')).toBe(7);
  expect(numberQuery('#12a')).toBeNull();
  expect(numberQuery('order 12')).toBeNull();
});

it('explains a match with the best field and a snippet marking the matched words', () => {
  const terms = searchTerms('refund HAUPTSTRASSE');
  const match = findMatch([
    { field: 'title', text: 'Parcel lost' },
    { field: 'notes', text: 'Customer wants a Refund; lives in Hauptstraße 5, Berlin.' },
  ], terms);
  expect(match).toEqual({ field: 'notes', snippet: 'Customer wants a [[Refund]]; lives in [[Hauptstraße]] 5, Berlin.' });
  expect(findMatch([{ field: 'transcript', text: '今日は京都に行きます' }], searchTerms('京都'))).toEqual({ field: 'transcript', snippet: '今日は[[京都]]に行きます' });
  const long = `${'word '.repeat(100)}needle ${'more '.repeat(100)}`;
  const cut = findMatch([{ field: 'notes', text: long }], searchTerms('needle'))!;
  expect(cut.snippet.startsWith('…')).toBe(true);
  expect(cut.snippet.endsWith('…')).toBe(true);
  expect(cut.snippet).toContain('[[needle]]');
  expect(cut.snippet.length).toBeLessThanOrEqual(170);
});

it('keeps documents within the index limits: no over-long token, bounded size', () => {
  expect(documentTokens(`short ${'x'.repeat(100_000)} words`)).toEqual(['short', 'words']);
  expect(searchTerms('x'.repeat(101))).toEqual([]);
  const many = Array.from({ length: 150_000 }, (_, i) => `w${i}`).join(' ');
  const tokens = documentTokens(many);
  expect(tokens.length).toBeLessThanOrEqual(100_000);
  expect(new Set(tokens).size).toBe(tokens.length);
});

it('marks the same spans in ASCII text with or without segmenting it', () => {
  // A small alphabet makes prefixes, repeats and adjacent words common; a fixed seed keeps the test repeatable.
  let seed = 20;
  const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
  const alphabet = 'abAB0 1.-_\n\t';
  for (let round = 0; round < 2000; round++) {
    const text = Array.from({ length: random(40) }, () => alphabet[random(alphabet.length)]).join('');
    const terms = searchTerms(Array.from({ length: 1 + random(3) }, () => Array.from({ length: 1 + random(3) }, () => 'abAB01'[random(6)]).join('')).join(' '));
    const words = terms.filter((term) => term.kind === 'word');
    expect(matchAsciiSpans(text, words), JSON.stringify({ text, terms })).toEqual(matchSegmentSpans(text, terms));
  }
});
