/**
 * The dashboard's languages and how one is chosen, with no i18next import so the rules can be tested
 * (and used before the catalogues load): a choice saved in this browser wins, then the browser's
 * preferred languages in order (matched by language, so `pt-BR` picks `pt`), then English.
 */
export const LANGUAGES = ['en', 'de', 'fr', 'es', 'pt'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language's name in itself, for the switch in Settings (never translated). */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
  pt: 'Português',
};

export const LANGUAGE_STORAGE_KEY = 'fm.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The first of the browser's languages the dashboard speaks, by primary subtag; else English. */
export function browserLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLanguage(primary)) return primary;
  }
  return 'en';
}

export function chooseLanguage(stored: string | null, preferred: readonly string[]): Language {
  return isLanguage(stored) ? stored : browserLanguage(preferred);
}

/**
 * The locale for `Intl` in a language: the browser's own tag when it is that language (so `pt-BR`,
 * `en-GB` or `de-CH` keep their date and number conventions), else the bare language.
 */
export function intlLocale(language: Language, preferred: readonly string[]): string {
  return preferred.find((tag) => tag.toLowerCase().split('-')[0] === language) ?? language;
}

export function storedLanguage(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null;
  }
}

export function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : navigator.language ? [navigator.language] : [];
}
