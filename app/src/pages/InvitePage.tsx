import { AuthCard } from '../components/AuthCard';
import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { useTranslation } from 'react-i18next';
import { Rich } from '../i18n/Rich';
import { errorMessage } from '../i18n/errors';
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
  const { t } = useTranslation();
  const preview = useResource<InvitePreview>(() => api.previewInvite(token), [token]);
  const name = preview.data?.workspace.name;
  useTitle(name ? t('invite.joinShort', { name }) : t('invite.title'));
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
      setError(errorMessage(caught));
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
      <EmptyState title={preview.error.status === 404 ? t('invite.dead') : errorMessage(preview.error)}>
        {t('invite.askOwner')} <Link to="/">{t('invite.goHome')}</Link>
      </EmptyState>
    );
  } else if (!preview.data) {
    body = <Loading />;
  } else if (me) {
    body = (
      <div className="stack">
        <p><Rich text={t('invite.signedInAs', { name: me.user.name, email: me.user.email })} tags={{ strong: (c) => <strong>{c}</strong> }} /></p>
        {error && <p className="form-error" role="alert">{error}</p>}
        <button type="button" className="button primary block" disabled={busy} onClick={() => void run(() => api.acceptInvite(token))}>
          {t('invite.join', { name })}
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
            {busy ? t('common.pleaseWait') : signup ? t('invite.signupAndJoin') : t('invite.loginAndJoin')}
          </button>
        </form>
        <p className="auth-switch">
          {signup ? t('auth.haveAccount') : t('auth.newHere')}{' '}
          <button type="button" className="link-button" onClick={() => setMode(signup ? 'login' : 'signup')}>
            {signup ? t('invite.logInInstead') : t('auth.createAnAccount')}
          </button>
        </p>
      </>
    );
  }

  return (
    <AuthCard title={name ? t('invite.join', { name }) : t('invite.title')}>
        {preview.data && (
          <p className="muted small">
            {t('invite.explain', { date: formatDateTime(preview.data.expiresAt) })}
          </p>
        )}
        {body}
    </AuthCard>
  );
}
