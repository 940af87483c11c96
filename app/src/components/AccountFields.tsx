import { useTranslation } from 'react-i18next';
/** Name (sign-up only), email and password inputs, read by the surrounding form's submit handler. */
export function AccountFields({ signup, defaultEmail }: { signup: boolean; defaultEmail?: string }) {
  const { t } = useTranslation();
  return (
    <>
      {signup && (
        <label className="field">
          <span className="label">{t('auth.yourName')}</span>
          <input name="name" autoComplete="name" maxLength={100} />
        </label>
      )}
      <label className="field">
        <span className="label">{t('auth.email')}</span>
        <input name="email" type="email" autoComplete="email" required maxLength={254} defaultValue={defaultEmail} />
      </label>
      <label className="field">
        <span className="label">{t('auth.password')}</span>
        <input
          name="password"
          type="password"
          autoComplete={signup ? 'new-password' : 'current-password'}
          required
          minLength={signup ? 8 : 1}
          maxLength={200}
          aria-describedby={signup ? 'password-hint' : undefined}
        />
        {signup && (
          <span id="password-hint" className="hint">
            {t('auth.passwordHint')}
          </span>
        )}
      </label>
    </>
  );
}
