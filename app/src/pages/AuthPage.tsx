import { AuthCard } from '../components/AuthCard';
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { AccountFields } from '../components/AccountFields';
import { useTitle } from '../hooks';
import { Link, useLocation } from '../router';
import type { SignupPolicy } from '../../../shared/schemas/account-recovery';

/** Sign in and sign up share one calm, centered card. */
export function AuthPage({ mode, onSignedIn }: { mode: 'login' | 'signup'; onSignedIn: () => Promise<void> }) {
  const signup = mode === 'signup';
  useTitle(signup ? 'Create your account' : 'Log in');
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
      setError(caught instanceof ApiError ? caught.message : 'Something went wrong; try again.');
      setBusy(false);
    }
  };

  return (
    <AuthCard title={signup ? 'Create your account' : 'Log in'}>
        {!signup && justReset && (
          <p className="notice" role="status">
            Your password was changed and you were signed out everywhere. Log in with the new password.
          </p>
        )}
        {closed ? (
          <p className="notice warning" role="status">
            Sign-ups are closed on this server. To join a team, ask its owner for an invite link.
          </p>
        ) : (
          <form onSubmit={submit} className="stack" noValidate={false}>
            <AccountFields signup={signup} />
            {!signup && (
              <p className="forgot-link">
                <Link to="/forgot-password">Forgot password?</Link>
              </p>
            )}
            {error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            <button type="submit" className="button primary block" disabled={busy}>
              {busy ? 'Please wait…' : signup ? 'Create account' : 'Log in'}
            </button>
          </form>
        )}
        <p className="auth-switch">
          {signup ? (
            <>
              Already have an account? <Link to="/login">Log in</Link>
            </>
          ) : (
            <>
              New to FloatMessage? <Link to="/signup">Create an account</Link>
            </>
          )}
        </p>
    </AuthCard>
  );
}
