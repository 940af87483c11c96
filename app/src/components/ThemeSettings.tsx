import { useTranslation } from 'react-i18next';
import { setTheme, useTheme, type ThemeChoice } from '../theme';

const CHOICES: ThemeChoice[] = ['auto', 'light', 'dark'];

/** Settings: light, dark or the system's choice, remembered in this browser. */
export function ThemeSettings() {
  const { t } = useTranslation();
  const theme = useTheme();
  return (
    <section className="card stack" aria-labelledby="theme-title">
      <h2 id="theme-title">{t('settings.theme.title')}</h2>
      <fieldset className="theme-choices">
        <legend className="muted">{t('settings.theme.legend')}</legend>
        {CHOICES.map((choice) => (
          <label key={choice} className="checkbox">
            <input type="radio" name="theme" value={choice} checked={theme === choice} onChange={() => setTheme(choice)} />
            {t(`settings.theme.${choice}`)}
          </label>
        ))}
      </fieldset>
    </section>
  );
}
