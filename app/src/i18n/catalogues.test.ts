import { describe, expect, it } from 'vitest';
import de from './de.json';
import en from './en.json';
import es from './es.json';
import fr from './fr.json';
import pt from './pt.json';
import { LANGUAGES, type Language } from './languages';

const CATALOGUES: Record<Language, unknown> = { en, de, fr, es, pt };
const PLURAL = /_(zero|one|two|few|many|other)$/;

/** "a.b.c" → value, for every string in a nested catalogue. */
function flatten(node: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object') flatten(value, path, out);
    else out.set(path, value as string);
  }
  return out;
}

const base = (key: string) => key.replace(PLURAL, '');
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]!).sort();
const tags = (text: string) => [...text.matchAll(/<\/?([a-z]+)>/g)].map((m) => m[0]).sort();
const english = flatten(en);

describe('the dashboard catalogues', () => {
  it('English plural keys come in _one/_other pairs', () => {
    const plurals = [...english.keys()].filter((key) => PLURAL.test(key)).map(base);
    for (const key of plurals) {
      expect(english.has(`${key}_one`) && english.has(`${key}_other`), key).toBe(true);
    }
  });

  for (const language of LANGUAGES) {
    describe(language, () => {
      const catalogue = flatten(CATALOGUES[language]);
      const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;

      it("has exactly English's keys (plural forms as its own language needs them)", () => {
        const englishBases = new Set([...english.keys()].map(base));
        const ownBases = new Set([...catalogue.keys()].map(base));
        expect([...ownBases].filter((key) => !englishBases.has(key)), 'keys English does not have').toEqual([]);
        expect([...englishBases].filter((key) => !ownBases.has(key)), 'missing keys').toEqual([]);
        const pluralBases = new Set([...english.keys()].filter((key) => PLURAL.test(key)).map(base));
        for (const key of pluralBases) {
          const forms = [...catalogue.keys()].filter((own) => base(own) === key && PLURAL.test(own)).map((own) => own.slice(key.length + 1)).sort();
          expect(forms, key).toEqual([...categories].filter((c) => c !== 'zero' || forms.includes('zero')).sort());
        }
        for (const key of catalogue.keys()) {
          if (!PLURAL.test(key)) expect(pluralBases.has(key), `${key} is plural in English`).toBe(false);
        }
      });

      it('keeps the same {{placeholders}} and markup tags, with no empty text', () => {
        for (const [key, value] of catalogue) {
          expect(typeof value === 'string' && value.trim().length > 0, key).toBe(true);
          const source = english.get(key) ?? english.get(`${base(key)}_other`)!;
          const expected = placeholders(source);
          const own = placeholders(value);
          // A singular form may spell the number out ("ein Ticket") instead of {{count}}.
          if (key.endsWith('_one')) expect(own.filter((name) => name !== 'count'), key).toEqual(expected.filter((name) => name !== 'count'));
          else expect(own, key).toEqual(expected);
          expect(tags(value), key).toEqual(tags(source));
        }
      });

      if (language !== 'en') {
        it('is a translation, not a copy of English', () => {
          const same = [...catalogue].filter(([key, value]) => english.get(key) === value);
          // Some words are the same in both (Tickets, Webhooks, Email, "{{name}}:"); most are not.
          expect(same.length / catalogue.size).toBeLessThan(0.12);
        });
      }
    });
  }
});
