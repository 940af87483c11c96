import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { useTranslation } from 'react-i18next';
import { Rich } from '../i18n/Rich';
import { errorMessage } from '../i18n/errors';
import { AuthCard } from '../components/AuthCard';
import { useTitle } from '../hooks';
import { Link } from '../router';

/** Asks for a password-reset link by email. The server answers the same whether or not the account exists. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  useTitle(t('auth.reset.title'));
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get('email') ?? '').trim();
    setBusy(true);
    setError(null);
    try {
      await api.requestPasswordReset(email);
      setSentTo(email);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard title={t('auth.reset.title')}>
      {sentTo ? (
        <p role="status">
          <Rich text={t('auth.reset.sent', { email: sentTo })} tags={{ strong: (c) => <strong>{c}</strong> }} />
        </p>
      ) : (
        <form onSubmit={submit} className="stack">
          <p className="muted">{t('auth.reset.intro')}</p>
          <label className="field">
            <span className="label">{t('auth.email')}</span>
            <input name="email" type="email" autoComplete="email" required maxLength={254} />
          </label>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="button primary block" disabled={busy}>
            {busy ? t('common.pleaseWait') : t('auth.reset.send')}
          </button>
        </form>
      )}
      <p className="auth-switch">
        {t('auth.reset.remembered')} <Link to="/login">{t('auth.logIn')}</Link>
      </p>
    </AuthCard>
  );
}
