import { AuthCard } from '../components/AuthCard';
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { AccountFields } from '../components/AccountFields';
import { EmptyState, Loading } from '../components/ui';
import { formatDateTime } from '../format';
import { useResource, useTitle } from '../hooks';
import { Link, navigate } from '../router';
import type { InvitePreview } from '../../../shared/schemas/team';
import type { Me } from '../../../shared/schemas/accounts';

/**
 * Where an invite link lands (`/invite/<token>`), signed in or not: a new teammate signs up through
 * it, someone with an account logs in, a signed-in user joins with one click. Then the dashboard
 * opens in the inviting workspace.
 */
export function InvitePage({ token, me, onSignedIn }: { token: string; me: Me | null; onSignedIn: () => Promise<void> }) {
  const preview = useResource<InvitePreview>(() => api.previewInvite(token), [token]);
  const name = preview.data?.workspace.name;
  useTitle(name ? `Join ${name}` : 'Invitation');
  const [mode, setMode] = useState<'signup' | 'login'>('signup');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      await onSignedIn();
      navigate('/tickets', { replace: true });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Something went wrong; try again.');
      setBusy(false);
    }
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const email = String(data.get('email') ?? '');
    const password = String(data.get('password') ?? '');
    const fullName = String(data.get('name') ?? '').trim();
    void run(async () => {
      if (mode === 'signup') await api.signup({ email, password, inviteToken: token, ...(fullName ? { name: fullName } : {}) });
      else {
        await api.login({ email, password });
        await api.acceptInvite(token);
      }
    });
  };

  let body;
  if (preview.error) {
    body = (
      <EmptyState title={preview.error.status === 404 ? 'This invite link is unknown, expired or already used.' : preview.error.message}>
        Ask the workspace owner for a new link. <Link to="/">Go to FloatMessage</Link>
      </EmptyState>
    );
  } else if (!preview.data) {
    body = <Loading />;
  } else if (me) {
    body = (
      <div className="stack">
        <p>You are signed in as <strong>{me.user.name}</strong> ({me.user.email}).</p>
        {error && <p className="form-error" role="alert">{error}</p>}
        <button type="button" className="button primary block" disabled={busy} onClick={() => void run(() => api.acceptInvite(token))}>
          Join {name}’s workspace
        </button>
      </div>
    );
  } else {
    const signup = mode === 'signup';
    body = (
      <>
        <form onSubmit={submit} className="stack" key={mode}>
          <AccountFields signup={signup} defaultEmail={preview.data.email ?? ''} />
          {error && <p className="form-error" role="alert">{error}</p>}
          <button type="submit" className="button primary block" disabled={busy}>
            {busy ? 'Please wait…' : signup ? 'Create account and join' : 'Log in and join'}
          </button>
        </form>
        <p className="auth-switch">
          {signup ? 'Already have an account? ' : 'New to FloatMessage? '}
          <button type="button" className="link-button" onClick={() => setMode(signup ? 'login' : 'signup')}>
            {signup ? 'Log in instead' : 'Create an account'}
          </button>
        </p>
      </>
    );
  }

  return (
    <AuthCard title={name ? `Join ${name}’s workspace` : 'Invitation'}>
        {preview.data && (
          <p className="muted small">
            Work on their chat, submissions and tickets with them. This link expires {formatDateTime(preview.data.expiresAt)}.
          </p>
        )}
        {body}
    </AuthCard>
  );
}
