import { useState, type FormEvent } from 'react';
import { useResource } from '../hooks';
import { useSession } from '../session';
import { WEBHOOK_EVENT_TYPES, webhooksApi, type Webhook, type WebhookEventType } from '../webhooks';
import { useConfirm } from './ConfirmDialog';
import { useToast } from './Toasts';
import { CopyField, ErrorNotice } from './ui';
import { WebhookDeliveryLog } from './WebhookDeliveryLog';

const eventName = (type: WebhookEventType) => WEBHOOK_EVENT_TYPES.find(([key]) => key === type)?.[1] ?? type;

/** Settings → Webhooks (the workspace owner only): endpoints, their events, on/off, the delivery log. */
export function WebhooksSettings() {
  const { me } = useSession();
  if (me.workspace.role !== 'owner') return null;
  return <WebhooksPanel />;
}

function WebhooksPanel() {
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
      toast((caught as Error).message, 'error');
    }
  };
  const remove = async (hook: Webhook) => {
    const ok = await confirm({ title: `Delete the webhook to ${hook.url}?`, body: 'It stops at once; its delivery log is deleted too.', confirmLabel: 'Delete webhook', danger: true });
    if (ok) await act(() => webhooksApi.remove(hook.id));
  };

  return (
    <section className="card stack" aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">Webhooks</h2>
      <p className="muted">
        We POST a signed JSON event to your URL when something happens in this workspace. Check the{' '}
        <code>X-FloatMessage-Signature</code> header with the signing secret; failed deliveries are retried for more than a day.
      </p>
      <ErrorNotice error={hooks.error} onRetry={hooks.reload} />
      {hooks.data && hooks.data.length === 0 && <p className="muted small">No webhooks yet.</p>}
      {hooks.data && hooks.data.length > 0 && (
        <ul className="webhook-list" aria-label="Webhooks">
          {hooks.data.map((hook) => (
            <li key={hook.id}>
              <div className="webhook-row">
                <span className="code url-cell" title={hook.url}>{hook.url}</span>
                <span className={`badge ${hook.active ? 'status-new' : 'status-closed'}`}>{hook.active ? 'On' : 'Off'}</span>
                <span className="muted small">{hook.events.map(eventName).join(', ')}</span>
              </div>
              {hook.disabledReason && <p className="form-error" role="status">{hook.disabledReason}</p>}
              <div className="webhook-row">
                <button type="button" className="button ghost small" aria-expanded={open === hook.id} onClick={() => setOpen(open === hook.id ? null : hook.id)}>
                  {open === hook.id ? 'Hide deliveries' : 'Deliveries'}
                </button>
                <button type="button" className="button ghost small" onClick={() => void act(() => webhooksApi.update(hook.id, { active: !hook.active }))}>
                  {hook.active ? 'Turn off' : 'Turn on'}
                </button>
                <button type="button" className="button ghost small" onClick={() => void remove(hook)}>Delete</button>
              </div>
              {open === hook.id && <WebhookDeliveryLog webhookId={hook.id} />}
            </li>
          ))}
        </ul>
      )}
      {secret && (
        <div className="notice">
          <CopyField label="Signing secret (shown once)" value={secret} />
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

  const toggle = (type: WebhookEventType, on: boolean) => setEvents((current) => (on ? [...current, type] : current.filter((t) => t !== type)));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const created = await webhooksApi.create({ url: url.trim(), events });
      setUrl('');
      onCreated(created.secret);
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="stack" onSubmit={submit} aria-label="New webhook">
      <label className="field">
        <span className="label">Endpoint URL</span>
        <input type="url" value={url} onChange={(e) => setUrl(e.target.value)} required maxLength={2000} placeholder="https://example.com/hooks/floatmessage" />
      </label>
      <fieldset className="webhook-row">
        <legend className="label">Events</legend>
        {WEBHOOK_EVENT_TYPES.map(([type, name]) => (
          <label key={type} className="checkbox">
            <input type="checkbox" checked={events.includes(type)} onChange={(e) => toggle(type, e.target.checked)} />
            {name}
          </label>
        ))}
      </fieldset>
      <div>
        <button type="submit" className="button" disabled={busy || !url.trim() || events.length === 0}>Add webhook</button>
      </div>
      {error && <p className="form-error" role="alert">{error}</p>}
    </form>
  );
}
