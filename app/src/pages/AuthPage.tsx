import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { useTitle } from '../hooks';
import { Link } from '../router';

/** Sign in and sign up share one calm, centered card. */
export function AuthPage({ mode, onSignedIn }: { mode: 'login' | 'signup'; onSignedIn: () => Promise<void> }) {
  const signup = mode === 'signup';
  useTitle(signup ? 'Create your account' : 'Log in');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

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
    <div className="auth">
      <main className="auth-card">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          FloatMessage
        </div>
        <h1>{signup ? 'Create your account' : 'Log in'}</h1>
        <form onSubmit={submit} className="stack" noValidate={false}>
          {signup && (
            <label className="field">
              <span className="label">Your name</span>
              <input name="name" autoComplete="name" maxLength={100} />
            </label>
          )}
          <label className="field">
            <span className="label">Email</span>
            <input name="email" type="email" autoComplete="email" required maxLength={254} />
          </label>
          <label className="field">
            <span className="label">Password</span>
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
                At least 8 characters.
              </span>
            )}
          </label>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="button primary block" disabled={busy}>
            {busy ? 'Please wait…' : signup ? 'Create account' : 'Log in'}
          </button>
        </form>
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
      </main>
    </div>
  );
}
