import { AuthCard } from '../components/AuthCard';
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../api';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../i18n/errors';
import { AccountFields } from '../components/AccountFields';
import { useTitle } from '../hooks';
import { Link, useLocation } from '../router';
import type { SignupPolicy } from '../../../shared/schemas/account-recovery';

/** Sign in and sign up share one calm, centered card. */
export function AuthPage({ mode, onSignedIn }: { mode: 'login' | 'signup'; onSignedIn: () => Promise<void> }) {
  const { t } = useTranslation();
  const signup = mode === 'signup';
  const title = signup ? t('auth.signupTitle') : t('auth.logIn');
  useTitle(title);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const justReset = useLocation().search.get('reset') === 'done';
  // The sign-up page says so before anyone types when this server accepts no new sign-ups (SIGNUP).
  const [policy, setPolicy] = useState<SignupPolicy | null>(null);
  useEffect(() => {
    if (signup) api.signupPolicy().then(setPolicy, () => setPolicy(null));
  }, [signup]);
  const closed = signup && policy !== null && !policy.open;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const email = String(data.get('email') ?? '');
    const password = String(data.get('password') ?? '');
    const name = String(data.get('name') ?? '').trim();
    setBusy(true);
    setError(null);
    try {
      if (signup) await api.signup({ email, password, ...(name ? { name } : {}) });
      else await api.login({ email, password });
      await onSignedIn();
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  };

  return (
    <AuthCard title={title}>
        {!signup && justReset && (
          <p className="notice" role="status">
            {t('auth.justReset')}
          </p>
        )}
        {closed ? (
          <p className="notice warning" role="status">
            {t('auth.signupClosed')}
          </p>
        ) : (
          <form onSubmit={submit} className="stack" noValidate={false}>
            <AccountFields signup={signup} />
            {!signup && (
              <p className="forgot-link">
                <Link to="/forgot-password">{t('auth.forgot')}</Link>
              </p>
            )}
            {error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            <button type="submit" className="button primary block" disabled={busy}>
              {busy ? t('common.pleaseWait') : signup ? t('auth.createAccount') : t('auth.logIn')}
            </button>
          </form>
        )}
        <p className="auth-switch">
          {signup ? (
            <>
              {t('auth.haveAccount')} <Link to="/login">{t('auth.logIn')}</Link>
            </>
          ) : (
            <>
              {t('auth.newHere')} <Link to="/signup">{t('auth.createAnAccount')}</Link>
            </>
          )}
        </p>
    </AuthCard>
  );
}
