import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGE_NAMES, LANGUAGES, setLanguage, type Language } from '../i18n';

/** Settings: the dashboard's language in this browser (remembered; the browser's language until chosen). */
export function LanguageSettings() {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <section className="card stack" aria-labelledby="language-title">
      <h2 id="language-title">{t('settings.language.title')}</h2>
      <label className="field" htmlFor={id}>
        <span className="label">{t('settings.language.label')}</span>
        <select id={id} value={i18n.language} onChange={(event) => void setLanguage(event.target.value as Language)}>
          {LANGUAGES.map((language) => (
            <option key={language} value={language} lang={language}>
              {LANGUAGE_NAMES[language]}
            </option>
          ))}
        </select>
      </label>
      <p className="muted small">{t('settings.language.help')}</p>
    </section>
  );
}
