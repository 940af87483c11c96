import { api } from '../api';
import { formatBytes } from '../format';
import { useResource } from '../hooks';
import { ErrorNotice } from './ui';

/** Settings: the workspace's file storage against its quota (WORKSPACE_STORAGE_QUOTA_MB) and the upload rate. */
export function StorageUsagePanel() {
  const usage = useResource(() => api.storageUsage(), []);
  const data = usage.data;
  const percent = data?.quotaBytes ? Math.min(100, Math.round((data.usedBytes / data.quotaBytes) * 100)) : null;
  return (
    <section className="card stack" aria-labelledby="storage-title">
      <h2 id="storage-title">File storage</h2>
      <ErrorNotice error={usage.error} onRetry={usage.reload} />
      {data && (
        <>
          <p>
            {formatBytes(data.usedBytes)} used by {data.fileCount} {data.fileCount === 1 ? 'file' : 'files'}
            {data.quotaBytes ? ` of ${formatBytes(data.quotaBytes)}` : ''}
            <span className="muted"> · ticket attachments and files in chat, including visitors’ files</span>
          </p>
          {data.quotaBytes && percent !== null ? (
            <>
              <meter className="storage-meter" aria-label="File storage used" min={0} max={data.quotaBytes} low={data.quotaBytes * 0.8} high={data.quotaBytes * 0.95} optimum={0} value={data.usedBytes}>
                {percent}%
              </meter>
              {percent >= 95 && (
                <p className="notice warning" role="status">
                  Storage is almost full: new files are refused once it is. Delete files you no longer need, or ask the server administrator to raise
                  WORKSPACE_STORAGE_QUOTA_MB.
                </p>
              )}
            </>
          ) : (
            <p className="muted">No storage limit is set for this server.</p>
          )}
          <p className="muted">Your team may upload up to {data.uploadsPerMinute} files per minute.</p>
        </>
      )}
    </section>
  );
}
