import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../i18n/errors';
import { useToast } from './Toasts';

/** Settings: change the password with the current one; the server ends every other session of the user. */
export function ChangePasswordPanel() {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const toast = useToast();

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setBusy(true);
    setError(null);
    try {
      await api.changePassword(String(data.get('currentPassword') ?? ''), String(data.get('newPassword') ?? ''));
      form.reset();
      toast(t('settings.password.changed'));
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card stack" aria-labelledby="password-title">
      <h2 id="password-title">{t('settings.password.title')}</h2>
      <form className="stack" onSubmit={submit}>
        <label className="field">
          <span className="label">{t('settings.password.current')}</span>
          <input name="currentPassword" type="password" autoComplete="current-password" required maxLength={200} />
        </label>
        <label className="field">
          <span className="label">{t('settings.password.new')}</span>
          <input name="newPassword" type="password" autoComplete="new-password" required minLength={8} maxLength={200} aria-describedby="new-password-hint" />
          <span id="new-password-hint" className="hint">
            {t('settings.password.hint')}
          </span>
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div>
          <button type="submit" className="button" disabled={busy}>
            {busy ? t('common.saving') : t('settings.password.title')}
          </button>
        </div>
      </form>
    </section>
  );
}
