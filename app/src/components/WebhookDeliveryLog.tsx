import { queryKeys, usePagedList } from '../query';
import { webhooksApi, type WebhookDelivery } from '../webhooks';
import { useToast } from './Toasts';
import { ErrorNotice, LoadMore, RelativeTime } from './ui';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../i18n/errors';

/** One webhook's deliveries, newest first, with redelivery. */
export function WebhookDeliveryLog({ webhookId }: { webhookId: string }) {
  const { t } = useTranslation();
  const deliveries = usePagedList(queryKeys.webhookDeliveries(webhookId), (cursor) => webhooksApi.deliveries(webhookId, cursor));
  const toast = useToast();
  const items = deliveries.items ?? [];
  const refresh = deliveries.reload;
  const redeliver = async (delivery: WebhookDelivery) => {
    try {
      await webhooksApi.redeliver(webhookId, delivery.id);
      toast(t('webhooks.log.queued'));
      refresh();
    } catch (caught) {
      toast(errorMessage(caught), 'error');
    }
  };

  return (
    <div className="stack" aria-busy={deliveries.loading}>
      <div className="webhook-row">
        <h3 className="label">{t('webhooks.log.title')}</h3>
        <button type="button" className="button ghost small" onClick={refresh}>{t('webhooks.log.refresh')}</button>
      </div>
      <ErrorNotice error={deliveries.error} onRetry={deliveries.reload} />
      {deliveries.items && items.length === 0 && <p className="muted small">{t('webhooks.log.none')}</p>}
      {items.length > 0 && (
        <table className="table compact" aria-label={t('webhooks.deliveries')}>
          <thead>
            <tr>
              <th scope="col">{t('webhooks.log.event')}</th>
              <th scope="col">{t('tickets.status')}</th>
              <th scope="col">{t('webhooks.log.attempts')}</th>
              <th scope="col">{t('webhooks.log.lastAnswer')}</th>
              <th scope="col">{t('webhooks.log.when')}</th>
              <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {items.map((delivery) => (
              <tr key={delivery.id}>
                <td><code>{delivery.event}</code></td>
                <td>{t(`webhooks.log.status.${delivery.status}`)}</td>
                <td>{delivery.attempts}</td>
                <td className="small">{delivery.lastError ?? (delivery.lastStatusCode !== null ? String(delivery.lastStatusCode) : '—')}</td>
                <td className="small"><RelativeTime iso={delivery.createdAt} /></td>
                <td className="actions-cell">
                  <button type="button" className="button ghost small" onClick={() => void redeliver(delivery)}>{t('webhooks.log.redeliver')}</button>
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
