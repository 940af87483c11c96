import { useEffect, useState, type ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { i18n, initialLanguage, loadLanguage } from './index';
import { isLanguage, LANGUAGE_STORAGE_KEY } from './languages';

/**
 * Renders the app once the chosen language's catalogue is in, so a German user never sees an English
 * flash. English is in the entry, so an English start renders at once; if a lazy catalogue cannot be
 * fetched the dashboard starts in English rather than not at all.
 */
export function LanguageRoot({ children }: { children: ReactNode }) {
  const [language] = useState(initialLanguage);
  const [ready, setReady] = useState(language === 'en');
  useEffect(() => {
    let cancelled = false;
    loadLanguage(language)
      .catch(() => loadLanguage('en'))
      .finally(() => {
        if (!cancelled) setReady(true);
      });
    return () => {
      cancelled = true;
    };
  }, [language]);
  // Another tab of the dashboard switched language: follow it here too (as the theme does).
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key === LANGUAGE_STORAGE_KEY && isLanguage(event.newValue)) void loadLanguage(event.newValue).catch(() => {});
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);
  if (!ready) return null;
  return <I18nextProvider i18n={i18n}>{children}</I18nextProvider>;
}
