import { setTheme, useTheme, type ThemeChoice } from '../theme';

const CHOICES: { value: ThemeChoice; label: string }[] = [
  { value: 'auto', label: 'Automatic (as your system)' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** Settings: light, dark or the system's choice, remembered in this browser. */
export function ThemeSettings() {
  const theme = useTheme();
  return (
    <section className="card stack" aria-labelledby="theme-title">
      <h2 id="theme-title">Appearance</h2>
      <fieldset className="theme-choices">
        <legend className="muted">Theme in this browser</legend>
        {CHOICES.map((choice) => (
          <label key={choice.value} className="checkbox">
            <input type="radio" name="theme" value={choice.value} checked={theme === choice.value} onChange={() => setTheme(choice.value)} />
            {choice.label}
          </label>
        ))}
      </fieldset>
    </section>
  );
}
