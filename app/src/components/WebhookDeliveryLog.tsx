import { useState } from 'react';
import { useResource } from '../hooks';
import { webhooksApi, type WebhookDelivery } from '../webhooks';
import { useToast } from './Toasts';
import { ErrorNotice, LoadMore, RelativeTime } from './ui';

const STATUS_NAMES = { pending: 'Pending', delivered: 'Delivered', failed: 'Failed' } as const;

/** One webhook's deliveries, newest first, with redelivery. */
export function WebhookDeliveryLog({ webhookId }: { webhookId: string }) {
  const [more, setMore] = useState<{ items: WebhookDelivery[]; cursor: string | null } | null>(null);
  const first = useResource(() => webhooksApi.deliveries(webhookId), [webhookId]);
  const toast = useToast();
  const [loadingMore, setLoadingMore] = useState(false);
  const items = [...(first.data?.items ?? []), ...(more?.items ?? [])];
  const cursor = more ? more.cursor : first.data?.nextCursor;

  const loadMore = async () => {
    setLoadingMore(true);
    try {
      const page = await webhooksApi.deliveries(webhookId, cursor);
      setMore((current) => ({ items: [...(current?.items ?? []), ...page.items], cursor: page.nextCursor }));
    } catch (caught) {
      toast((caught as Error).message, 'error');
    } finally {
      setLoadingMore(false);
    }
  };
  const refresh = () => {
    setMore(null);
    first.reload();
  };
  const redeliver = async (delivery: WebhookDelivery) => {
    try {
      await webhooksApi.redeliver(webhookId, delivery.id);
      toast('Queued for redelivery.');
      refresh();
    } catch (caught) {
      toast((caught as Error).message, 'error');
    }
  };

  return (
    <div className="stack" aria-busy={first.loading}>
      <div className="webhook-row">
        <h3 className="label">Delivery log</h3>
        <button type="button" className="button ghost small" onClick={refresh}>Refresh</button>
      </div>
      <ErrorNotice error={first.error} onRetry={first.reload} />
      {first.data && items.length === 0 && <p className="muted small">No deliveries yet.</p>}
      {items.length > 0 && (
        <table className="table compact" aria-label="Deliveries">
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last answer</th>
              <th scope="col">When</th>
              <th scope="col"><span className="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {items.map((delivery) => (
              <tr key={delivery.id}>
                <td><code>{delivery.event}</code></td>
                <td>{STATUS_NAMES[delivery.status]}</td>
                <td>{delivery.attempts}</td>
                <td className="small">{delivery.lastError ?? (delivery.lastStatusCode !== null ? String(delivery.lastStatusCode) : '—')}</td>
                <td className="small"><RelativeTime iso={delivery.createdAt} /></td>
                <td className="actions-cell">
                  <button type="button" className="button ghost small" onClick={() => void redeliver(delivery)}>Redeliver</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <LoadMore cursor={cursor} loading={loadingMore} onMore={() => void loadMore()} />
    </div>
  );
}
