import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import { browserLanguages, chooseLanguage, intlLocale, LANGUAGE_STORAGE_KEY, storedLanguage, type Language } from './languages';

export { LANGUAGES, LANGUAGE_NAMES, type Language } from './languages';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}

/**
 * English ships in the entry chunk (the fallback for any missing key, and what most first visits
 * need); the other catalogues are lazy chunks fetched when chosen, so each language costs its users
 * only and the entry stays within its gzip budget.
 */
const loaders: Record<Exclude<Language, 'en'>, () => Promise<{ default: Record<string, unknown> }>> = {
  de: () => import('./de.json'),
  fr: () => import('./fr.json'),
  es: () => import('./es.json'),
  pt: () => import('./pt.json'),
};

void i18next.use(initReactI18next).init({
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: ['en', 'de', 'fr', 'es', 'pt'],
  resources: { en: { translation: en } },
  // React escapes what it renders; i18next escaping as well would show "&amp;" in names.
  interpolation: { escapeValue: false },
  initAsync: false,
  returnNull: false,
});

export const i18n = i18next;
/** For code outside components (titles, notifications, labels built in plain modules). */
export const t = i18next.t.bind(i18next);

/** The language to start in: the one saved in this browser, else the browser's, else English. */
export function initialLanguage(): Language {
  return chooseLanguage(storedLanguage(), browserLanguages());
}

export function currentLanguage(): Language {
  return (i18next.language as Language | undefined) ?? 'en';
}

/** The locale handed to `Intl` for the current language (see `intlLocale`). */
export function currentLocale(): string {
  return intlLocale(currentLanguage(), browserLanguages());
}

/** Fetches the language's catalogue when needed and switches to it (the page's `lang` follows). */
export async function loadLanguage(language: Language): Promise<void> {
  if (language !== 'en' && !i18next.hasResourceBundle(language, 'translation')) {
    const catalogue = await loaders[language]();
    i18next.addResourceBundle(language, 'translation', catalogue.default, true, true);
  }
  await i18next.changeLanguage(language);
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

/** The switch in Settings: remembered in this browser (localStorage), applied at once. */
export async function setLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Storage disabled: the choice holds for this page only.
  }
  await loadLanguage(language);
}
