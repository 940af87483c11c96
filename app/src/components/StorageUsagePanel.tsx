import { api } from '../api';
import { formatBytes } from '../format';
import { useResource } from '../hooks';
import { ErrorNotice } from './ui';
import { useTranslation } from 'react-i18next';

/** Settings: the workspace's file storage against its quota (WORKSPACE_STORAGE_QUOTA_MB) and the upload rate. */
export function StorageUsagePanel() {
  const { t } = useTranslation();
  const usage = useResource(() => api.storageUsage(), []);
  const data = usage.data;
  const percent = data?.quotaBytes ? Math.min(100, Math.round((data.usedBytes / data.quotaBytes) * 100)) : null;
  return (
    <section className="card stack" aria-labelledby="storage-title">
      <h2 id="storage-title">{t('settings.storage.title')}</h2>
      <ErrorNotice error={usage.error} onRetry={usage.reload} />
      {data && (
        <>
          <p>
            {data.quotaBytes
              ? t('settings.storage.usedOf', { used: formatBytes(data.usedBytes), quota: formatBytes(data.quotaBytes), count: data.fileCount })
              : t('settings.storage.used', { used: formatBytes(data.usedBytes), count: data.fileCount })}
            <span className="muted"> · {t('settings.storage.what')}</span>
          </p>
          {data.quotaBytes && percent !== null ? (
            <>
              <meter className="storage-meter" aria-label={t('settings.storage.meter')} min={0} max={data.quotaBytes} low={data.quotaBytes * 0.8} high={data.quotaBytes * 0.95} optimum={0} value={data.usedBytes}>
                {percent}%
              </meter>
              {percent >= 95 && (
                <p className="notice warning" role="status">
                  {t('settings.storage.almostFull', { setting: 'WORKSPACE_STORAGE_QUOTA_MB' })}
                </p>
              )}
            </>
          ) : (
            <p className="muted">{t('settings.storage.noLimit')}</p>
          )}
          <p className="muted">{t('settings.storage.rate', { count: data.uploadsPerMinute })}</p>
        </>
      )}
    </section>
  );
}
