import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { useToast } from './Toasts';

/** Settings: change the password with the current one; the server ends every other session of the user. */
export function ChangePasswordPanel() {
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
      toast('Password changed. You were signed out on every other device.');
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Something went wrong; try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card stack" aria-labelledby="password-title">
      <h2 id="password-title">Change password</h2>
      <form className="stack" onSubmit={submit}>
        <label className="field">
          <span className="label">Current password</span>
          <input name="currentPassword" type="password" autoComplete="current-password" required maxLength={200} />
        </label>
        <label className="field">
          <span className="label">New password</span>
          <input name="newPassword" type="password" autoComplete="new-password" required minLength={8} maxLength={200} aria-describedby="new-password-hint" />
          <span id="new-password-hint" className="hint">
            At least 8 characters. Other devices signed in to your account are signed out.
          </span>
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div>
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Saving…' : 'Change password'}
          </button>
        </div>
      </form>
    </section>
  );
}
