import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { AuthCard } from '../components/AuthCard';
import { useTitle } from '../hooks';
import { Link } from '../router';

/** Asks for a password-reset link by email. The server answers the same whether or not the account exists. */
export function ForgotPasswordPage() {
  useTitle('Reset your password');
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
      setError(caught instanceof ApiError ? caught.message : 'Something went wrong; try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard title="Reset your password">
      {sentTo ? (
        <p role="status">
          If an account exists for <strong>{sentTo}</strong>, we have emailed it a link to choose a new password. The link works
          once, for one hour. No email? Check your spam folder, or ask whoever runs this server whether it sends email.
        </p>
      ) : (
        <form onSubmit={submit} className="stack">
          <p className="muted">Enter the email you log in with and we will send you a link to choose a new password.</p>
          <label className="field">
            <span className="label">Email</span>
            <input name="email" type="email" autoComplete="email" required maxLength={254} />
          </label>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="button primary block" disabled={busy}>
            {busy ? 'Please wait…' : 'Send reset link'}
          </button>
        </form>
      )}
      <p className="auth-switch">
        Remembered it? <Link to="/login">Log in</Link>
      </p>
    </AuthCard>
  );
}
