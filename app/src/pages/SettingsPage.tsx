import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { AlertSettings } from '../components/AlertSettings';
import { AvailabilitySettings } from '../components/AvailabilitySettings';
import { EmailNotificationSettings } from '../components/EmailNotificationSettings';
import { ChangePasswordPanel } from '../components/ChangePasswordPanel';
import { useConfirm } from '../components/ConfirmDialog';
import { MailStatusCard } from '../components/MailStatusCard';
import { SavedRepliesSettings } from '../components/SavedRepliesSettings';
import { StorageUsagePanel } from '../components/StorageUsagePanel';
import { ThemeSettings } from '../components/ThemeSettings';
import { WebhooksSettings } from '../components/WebhooksSettings';
import { useToast } from '../components/Toasts';
import { CopyField, ErrorNotice, PageHeader, RelativeTime } from '../components/ui';
import { useResource, useTitle } from '../hooks';
import { useSession } from '../session';
import type { ApiTokenSummary } from '../../../shared/schemas/accounts';

export function SettingsPage() {
  useTitle('Settings');
  const { me } = useSession();
  const origin = window.location.origin;
  return (
    <div className="page narrow">
      <PageHeader title="Settings" />
      <section className="card stack" aria-labelledby="widget-title">
        <h2 id="widget-title">Chat widget</h2>
        <p className="muted">Paste this before the closing &lt;/body&gt; tag of every page where visitors may chat with you.</p>
        <CopyField label="Widget snippet" value={`<script src="${origin}/widget.js" data-site="${me.site.key}" async></script>`} multiline />
        <CopyField label="Site key" value={me.site.key} />
      </section>
      <AvailabilitySettings />
      <AlertSettings />
      <ThemeSettings />
      <EmailNotificationSettings />
      <SavedRepliesSettings />
      <ApiTokens />
      <WebhooksSettings />
      <section className="card" aria-labelledby="account-title">
        <h2 id="account-title">Account</h2>
        <p>
          {me.user.name} · <span className="muted">{me.user.email}</span>
        </p>
      </section>
      <ChangePasswordPanel />
      <MailStatusCard />
      <StorageUsagePanel />
    </div>
  );
}

function ApiTokens() {
  const tokens = useResource<ApiTokenSummary[]>(async () => (await api.listTokens()).items, []);
  const [created, setCreated] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [confirmElement, confirm] = useConfirm();
  const toast = useToast();

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const token = await api.createToken(name.trim());
      setCreated(token.token);
      setName('');
      tokens.reload();
    } catch (caught) {
      setError((caught as Error).message);
    }
  };

  const revoke = async (token: ApiTokenSummary) => {
    const ok = await confirm({ title: `Revoke “${token.name}”?`, body: 'Integrations using it stop working at once.', confirmLabel: 'Revoke token', danger: true });
    if (!ok) return;
    try {
      await api.revokeToken(token.id);
      tokens.reload();
    } catch (caught) {
      toast((caught as Error).message, 'error');
    }
  };

  return (
    <section className="card stack" aria-labelledby="tokens-title">
      <h2 id="tokens-title">API tokens</h2>
      <p className="muted">For integrations: send <code>Authorization: Bearer &lt;token&gt;</code>. Every endpoint is in the <a href="/docs">API reference</a>.</p>
      <ErrorNotice error={tokens.error} onRetry={tokens.reload} />
      {tokens.data && tokens.data.length > 0 && (
        <ul className="token-list">
          {tokens.data.map((token) => (
            <li key={token.id}>
              <span>{token.name}</span>
              <span className="muted small">
                created <RelativeTime iso={token.createdAt} />
                {token.lastUsedAt && <> · last used <RelativeTime iso={token.lastUsedAt} /></>}
              </span>
              <button type="button" className="button ghost small" onClick={() => void revoke(token)}>
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
      {created && (
        <div className="notice">
          <CopyField label="New token (shown once)" value={created} />
        </div>
      )}
      <form className="inline-form" onSubmit={create}>
        <label className="field grow">
          <span className="label">Token name</span>
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} placeholder="e.g. Zapier" />
        </label>
        <button type="submit" className="button" disabled={!name.trim()}>
          Create token
        </button>
      </form>
      {error && <p className="form-error" role="alert">{error}</p>}
      {confirmElement}
    </section>
  );
}
