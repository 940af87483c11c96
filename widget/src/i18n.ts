import { CATALOGUES, type Key, type Lang } from './locales.js';

export type { Key, Lang };

/** The visitor's language: `lang` picks the catalogue, `tag` (a full BCP 47 tag) formats dates and numbers. */
export interface LocaleChoice {
  lang: Lang;
  tag: string;
}

const ENGLISH: LocaleChoice = { lang: 'en', tag: 'en' };
let current = ENGLISH;

/**
 * Which language to speak. The site's `data-locale` wins (it knows its audience), then the first of the
 * browser's `navigator.languages` we have a catalogue for, matched by language ("pt-BR" → pt), then
 * English. An unsupported `data-locale` ("it") falls through to the browser's list. The matching tag
 * is kept for Intl, so a pt-BR visitor sees Brazilian dates with the Portuguese catalogue.
 */
export function chooseLocale(override: string | null | undefined, languages: readonly string[]): LocaleChoice {
  for (const candidate of [override, ...languages]) {
    const tag = canonicalTag(candidate?.trim().replace(/_/g, '-') ?? '');
    const lang = tag?.split('-')[0]!.toLowerCase();
    if (lang && Object.hasOwn(CATALOGUES, lang)) return { lang: lang as Lang, tag: tag! };
  }
  return ENGLISH;
}

function canonicalTag(tag: string): string | null {
  if (!tag) return null;
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? null;
  } catch {
    return null; // not a language tag ("english", "*")
  }
}

/** Set once at start (main.ts); tests switch it per case. */
export function setLocale(choice: LocaleChoice): void {
  current = choice;
}

export function currentLocale(): LocaleChoice {
  return current;
}

/** The sentence for `key` in the visitor's language, `{name}`s filled (numbers written the visitor's way). */
export function t(key: Key, vars: Record<string, string | number> = {}): string {
  return CATALOGUES[current.lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    return value === undefined ? whole : typeof value === 'number' ? formatNumber(value) : value;
  });
}

/** `${key}_one` or `${key}_other` by the language's plural rules (CLDR, through Intl.PluralRules). */
export function plural(key: 'open', n: number): string {
  return t(new Intl.PluralRules(current.tag).select(n) === 'one' ? `${key}_one` : `${key}_other`, { n });
}

export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(current.tag, options).format(value);
}

/** "14:30" / "2:30 PM": hours and minutes in the visitor's convention. */
export function formatTime(date: Date | number, timeZone?: string, tag = current.tag): string {
  return new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit', timeZone }).format(date);
}

/** "Monday" / "lundi". */
export function formatWeekday(date: Date | number, timeZone?: string, tag = current.tag): string {
  return new Intl.DateTimeFormat(tag, { weekday: 'long', timeZone }).format(date);
}

/** "today", "tomorrow", "morgen", "demain": a day `days` from now in words (Intl.RelativeTimeFormat). */
export function relativeDay(days: number, tag = current.tag): string {
  return new Intl.RelativeTimeFormat(tag, { numeric: 'auto' }).format(days, 'day');
}
