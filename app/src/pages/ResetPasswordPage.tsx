import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { AuthCard } from '../components/AuthCard';
import { Loading } from '../components/ui';
import { useTitle } from '../hooks';
import { Link, navigate } from '../router';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../i18n/errors';

/**
 * Where the mailed link lands: `/reset#<token>`. The token sits in the fragment, which browsers never
 * send to a server; it is read once and removed from the address bar. After the new password is set,
 * every session has ended (this browser's too), so the user logs in with it.
 */
export function ResetPasswordPage({ onReset }: { onReset: () => Promise<void> }) {
  const { t } = useTranslation();
  useTitle(t('auth.newPassword.title'));
  const [token] = useState(() => decodeURIComponent(window.location.hash.slice(1)));
  const [error, setError] = useState<{ message: string; expired: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  // A link that can no longer work says so at once, before anyone types a new password.
  const [usable, setUsable] = useState<'checking' | 'yes' | 'no'>('checking');

  useEffect(() => {
    if (window.location.hash) history.replaceState(null, '', window.location.pathname);
  }, []);
  useEffect(() => {
    if (!token) return;
    api.checkPasswordReset(token).then(
      () => setUsable('yes'),
      // Only a definite 404 means the link is dead; on other errors let the form try (and report) itself.
      (caught: unknown) => setUsable(caught instanceof ApiError && caught.code === 'reset_token_invalid' ? 'no' : 'yes'),
    );
  }, [token]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get('password') ?? '');
    setBusy(true);
    setError(null);
    try {
      await api.confirmPasswordReset(token, password);
      await onReset();
      navigate('/login?reset=done', { replace: true });
    } catch (caught) {
      const apiError = caught instanceof ApiError ? caught : null;
      setError({ message: errorMessage(caught), expired: apiError?.code === 'reset_token_invalid' });
      setBusy(false);
    }
  };

  if (!token || usable === 'no') {
    return (
      <AuthCard title={t('auth.newPassword.title')}>
        <p role="alert">
          {token
            ? t('auth.newPassword.dead')
            : t('auth.newPassword.incomplete')}
        </p>
        <p className="auth-switch">
          <Link to="/forgot-password">{t('auth.newPassword.askNew')}</Link>
        </p>
      </AuthCard>
    );
  }
  if (usable === 'checking') return <Loading label={t('auth.newPassword.checking')} />;
  return (
    <AuthCard title={t('auth.newPassword.title')}>
      <form onSubmit={submit} className="stack">
        <label className="field">
          <span className="label">{t('settings.password.new')}</span>
          <input name="password" type="password" autoComplete="new-password" required minLength={8} maxLength={200} aria-describedby="reset-password-hint" />
          <span id="reset-password-hint" className="hint">
            {t('auth.newPassword.hint')}
          </span>
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error.message} {error.expired && <Link to="/forgot-password">{t('auth.newPassword.askNew')}</Link>}
          </p>
        )}
        <button type="submit" className="button primary block" disabled={busy}>
          {busy ? t('common.pleaseWait') : t('auth.newPassword.set')}
        </button>
      </form>
    </AuthCard>
  );
}
