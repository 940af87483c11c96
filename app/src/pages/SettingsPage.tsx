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
import { LanguageSettings } from '../components/LanguageSettings';
import { useTranslation } from 'react-i18next';
import { Rich } from '../i18n/Rich';
import { errorMessage } from '../i18n/errors';
import { WebhooksSettings } from '../components/WebhooksSettings';
import { useToast } from '../components/Toasts';
import { CopyField, ErrorNotice, PageHeader, RelativeTime } from '../components/ui';
import { useResource, useTitle } from '../hooks';
import { useSession } from '../session';
import type { ApiTokenSummary } from '../../../shared/schemas/accounts';

export function SettingsPage() {
  const { t } = useTranslation();
  useTitle(t('nav.settings'));
  const { me } = useSession();
  const origin = window.location.origin;
  return (
    <div className="page narrow">
      <PageHeader title={t('nav.settings')} />
      <section className="card stack" aria-labelledby="widget-title">
        <h2 id="widget-title">{t('settings.widget.title')}</h2>
        <p className="muted">{t('settings.widget.help')}</p>
        <CopyField label={t('settings.widget.snippet')} value={`<script src="${origin}/widget.js" data-site="${me.site.key}" async></script>`} multiline />
        <CopyField label={t('settings.widget.siteKey')} value={me.site.key} />
      </section>
      <AvailabilitySettings />
      <AlertSettings />
      <ThemeSettings />
      <LanguageSettings />
      <EmailNotificationSettings />
      <SavedRepliesSettings />
      <ApiTokens />
      <WebhooksSettings />
      <section className="card" aria-labelledby="account-title">
        <h2 id="account-title">{t('settings.account')}</h2>
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
  const { t } = useTranslation();

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const token = await api.createToken(name.trim());
      setCreated(token.token);
      setName('');
      tokens.reload();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  const revoke = async (token: ApiTokenSummary) => {
    const ok = await confirm({ title: t('settings.tokens.revokeTitle', { name: token.name }), body: t('settings.tokens.revokeBody'), confirmLabel: t('settings.tokens.revokeConfirm'), danger: true });
    if (!ok) return;
    try {
      await api.revokeToken(token.id);
      tokens.reload();
    } catch (caught) {
      toast(errorMessage(caught), 'error');
    }
  };

  return (
    <section className="card stack" aria-labelledby="tokens-title">
      <h2 id="tokens-title">{t('settings.tokens.title')}</h2>
      <p className="muted">
        <Rich text={t('settings.tokens.help')} tags={{ code: (c) => <code>{c}</code>, docs: (c) => <a href="/docs">{c}</a> }} />
      </p>
      <ErrorNotice error={tokens.error} onRetry={tokens.reload} />
      {tokens.data && tokens.data.length > 0 && (
        <ul className="token-list">
          {tokens.data.map((token) => (
            <li key={token.id}>
              <span>{token.name}</span>
              <span className="muted small">
                {t('settings.tokens.created')} <RelativeTime iso={token.createdAt} />
                {token.lastUsedAt && <> · {t('settings.tokens.lastUsed')} <RelativeTime iso={token.lastUsedAt} /></>}
              </span>
              <button type="button" className="button ghost small" onClick={() => void revoke(token)}>
                {t('settings.tokens.revoke')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {created && (
        <div className="notice">
          <CopyField label={t('settings.tokens.newToken')} value={created} />
        </div>
      )}
      <form className="inline-form" onSubmit={create}>
        <label className="field grow">
          <span className="label">{t('settings.tokens.name')}</span>
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} placeholder={t('settings.tokens.namePlaceholder')} />
        </label>
        <button type="submit" className="button" disabled={!name.trim()}>
          {t('settings.tokens.create')}
        </button>
      </form>
      {error && <p className="form-error" role="alert">{error}</p>}
      {confirmElement}
    </section>
  );
}
