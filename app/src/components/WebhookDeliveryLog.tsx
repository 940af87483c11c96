import { queryKeys, usePagedList } from '../query';
import { webhooksApi, type WebhookDelivery } from '../webhooks';
import { useToast } from './Toasts';
import { ErrorNotice, LoadMore, RelativeTime } from './ui';

const STATUS_NAMES = { pending: 'Pending', delivered: 'Delivered', failed: 'Failed' } as const;

/** One webhook's deliveries, newest first, with redelivery. */
export function WebhookDeliveryLog({ webhookId }: { webhookId: string }) {
  const deliveries = usePagedList(queryKeys.webhookDeliveries(webhookId), (cursor) => webhooksApi.deliveries(webhookId, cursor));
  const toast = useToast();
  const items = deliveries.items ?? [];
  const refresh = deliveries.reload;
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
    <div className="stack" aria-busy={deliveries.loading}>
      <div className="webhook-row">
        <h3 className="label">Delivery log</h3>
        <button type="button" className="button ghost small" onClick={refresh}>Refresh</button>
      </div>
      <ErrorNotice error={deliveries.error} onRetry={deliveries.reload} />
      {deliveries.items && items.length === 0 && <p className="muted small">No deliveries yet.</p>}
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
      <LoadMore cursor={deliveries.nextCursor} loading={deliveries.loadingMore} onMore={deliveries.loadMore} />
    </div>
  );
}
