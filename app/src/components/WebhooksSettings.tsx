import { useState, type FormEvent } from 'react';
import { useResource } from '../hooks';
import { useSession } from '../session';
import { WEBHOOK_EVENT_TYPES, webhooksApi, type Webhook, type WebhookEventType } from '../webhooks';
import { useConfirm } from './ConfirmDialog';
import { useToast } from './Toasts';
import { CopyField, ErrorNotice } from './ui';
import { WebhookDeliveryLog } from './WebhookDeliveryLog';
import { useTranslation } from 'react-i18next';
import { t } from '../i18n';
import { Rich } from '../i18n/Rich';
import { errorMessage } from '../i18n/errors';

const eventName = (type: WebhookEventType) => t(`webhooks.events.${type}`);

/** Settings → Webhooks (the workspace owner only): endpoints, their events, on/off, the delivery log. */
export function WebhooksSettings() {
  const { me } = useSession();
  if (me.workspace.role !== 'owner') return null;
  return <WebhooksPanel />;
}

function WebhooksPanel() {
  useTranslation();
  const hooks = useResource<Webhook[]>(async () => (await webhooksApi.list()).items, []);
  const [secret, setSecret] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [confirmElement, confirm] = useConfirm();
  const toast = useToast();

  const act = async (run: () => Promise<unknown>) => {
    try {
      await run();
      hooks.reload();
    } catch (caught) {
      toast(errorMessage(caught), 'error');
    }
  };
  const remove = async (hook: Webhook) => {
    const ok = await confirm({ title: t('webhooks.deleteTitle', { url: hook.url }), body: t('webhooks.deleteBody'), confirmLabel: t('webhooks.deleteConfirm'), danger: true });
    if (ok) await act(() => webhooksApi.remove(hook.id));
  };

  return (
    <section className="card stack" aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">{t('webhooks.title')}</h2>
      <p className="muted">
        <Rich text={t('webhooks.help')} tags={{ code: (c) => <code>{c}</code> }} />
      </p>
      <ErrorNotice error={hooks.error} onRetry={hooks.reload} />
      {hooks.data && hooks.data.length === 0 && <p className="muted small">{t('webhooks.none')}</p>}
      {hooks.data && hooks.data.length > 0 && (
        <ul className="webhook-list" aria-label={t('webhooks.title')}>
          {hooks.data.map((hook) => (
            <li key={hook.id}>
              <div className="webhook-row">
                <span className="code url-cell" title={hook.url}>{hook.url}</span>
                <span className={`badge ${hook.active ? 'status-new' : 'status-closed'}`}>{hook.active ? t('webhooks.on') : t('webhooks.off')}</span>
                <span className="muted small">{hook.events.map(eventName).join(', ')}</span>
              </div>
              {hook.disabledReason && <p className="form-error" role="status">{hook.disabledReason}</p>}
              <div className="webhook-row">
                <button type="button" className="button ghost small" aria-expanded={open === hook.id} onClick={() => setOpen(open === hook.id ? null : hook.id)}>
                  {open === hook.id ? t('webhooks.hideDeliveries') : t('webhooks.deliveries')}
                </button>
                <button type="button" className="button ghost small" onClick={() => void act(() => webhooksApi.update(hook.id, { active: !hook.active }))}>
                  {hook.active ? t('webhooks.turnOff') : t('webhooks.turnOn')}
                </button>
                <button type="button" className="button ghost small" onClick={() => void remove(hook)}>{t('common.delete')}</button>
              </div>
              {open === hook.id && <WebhookDeliveryLog webhookId={hook.id} />}
            </li>
          ))}
        </ul>
      )}
      {secret && (
        <div className="notice">
          <CopyField label={t('webhooks.secret')} value={secret} />
        </div>
      )}
      <NewWebhookForm onCreated={(created) => { setSecret(created); hooks.reload(); }} />
      {confirmElement}
    </section>
  );
}

function NewWebhookForm({ onCreated }: { onCreated: (secret: string) => void }) {
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEventType[]>(['ticket.created', 'ticket.updated', 'ticket.deleted']);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const toggle = (type: WebhookEventType, on: boolean) => setEvents((current) => (on ? [...current, type] : current.filter((item) => item !== type)));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const created = await webhooksApi.create({ url: url.trim(), events });
      setUrl('');
      onCreated(created.secret);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="stack" onSubmit={submit} aria-label={t('webhooks.new')}>
      <label className="field">
        <span className="label">{t('webhooks.url')}</span>
        <input type="url" value={url} onChange={(e) => setUrl(e.target.value)} required maxLength={2000} placeholder="https://example.com/hooks/floatmessage" />
      </label>
      <fieldset className="webhook-row">
        <legend className="label">{t('webhooks.eventsLegend')}</legend>
        {WEBHOOK_EVENT_TYPES.map((type) => (
          <label key={type} className="checkbox">
            <input type="checkbox" checked={events.includes(type)} onChange={(e) => toggle(type, e.target.checked)} />
            {eventName(type)}
          </label>
        ))}
      </fieldset>
      <div>
        <button type="submit" className="button" disabled={busy || !url.trim() || events.length === 0}>{t('webhooks.add')}</button>
      </div>
      {error && <p className="form-error" role="alert">{error}</p>}
    </form>
  );
}
