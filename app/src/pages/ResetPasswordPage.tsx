import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { AuthCard } from '../components/AuthCard';
import { Loading } from '../components/ui';
import { useTitle } from '../hooks';
import { Link, navigate } from '../router';

/**
 * Where the mailed link lands: `/reset#<token>`. The token sits in the fragment, which browsers never
 * send to a server; it is read once and removed from the address bar. After the new password is set,
 * every session has ended (this browser's too), so the user logs in with it.
 */
export function ResetPasswordPage({ onReset }: { onReset: () => Promise<void> }) {
  useTitle('Choose a new password');
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
      setError({ message: apiError?.message ?? 'Something went wrong; try again.', expired: apiError?.code === 'reset_token_invalid' });
      setBusy(false);
    }
  };

  if (!token || usable === 'no') {
    return (
      <AuthCard title="Choose a new password">
        <p role="alert">
          {token
            ? 'This password reset link is unknown, expired or already used. Links work once, for one hour.'
            : 'This link is incomplete: open the whole link from the email, or ask for a new one.'}
        </p>
        <p className="auth-switch">
          <Link to="/forgot-password">Ask for a new link</Link>
        </p>
      </AuthCard>
    );
  }
  if (usable === 'checking') return <Loading label="Checking the link…" />;
  return (
    <AuthCard title="Choose a new password">
      <form onSubmit={submit} className="stack">
        <label className="field">
          <span className="label">New password</span>
          <input name="password" type="password" autoComplete="new-password" required minLength={8} maxLength={200} aria-describedby="reset-password-hint" />
          <span id="reset-password-hint" className="hint">
            At least 8 characters. Saving it signs you out everywhere else.
          </span>
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error.message} {error.expired && <Link to="/forgot-password">Ask for a new link</Link>}
          </p>
        )}
        <button type="submit" className="button primary block" disabled={busy}>
          {busy ? 'Please wait…' : 'Set new password'}
        </button>
      </form>
    </AuthCard>
  );
}
