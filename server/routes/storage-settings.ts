import { errorResponses } from '../../shared/schemas/common.js';
import { StorageUsageResponse } from '../../shared/schemas/storage.js';
import { requireActor } from '../auth/authenticate.js';
import { measureStorageUsage } from '../commands/storage-quota.js';
import type { App } from '../types.js';

/** The workspace's file storage against its quota, and the upload rate (Settings → Storage). */
export default async function storageSettingsRoutes(app: App) {
  app.get('/api/settings/storage', {
    schema: {
      operationId: 'getStorageUsage',
      summary: 'File storage used by the workspace, its quota and the upload rate limit',
      tags: ['accounts'],
      description: 'Bytes and number of files the workspace keeps (summed from its files, so deletes count at once), WORKSPACE_STORAGE_QUOTA_MB (null when off; 507 beyond) and WORKSPACE_UPLOAD_RATE_LIMIT (429 beyond).',
      response: { 200: StorageUsageResponse, ...errorResponses(401, 403) },
    },
    onRequest: requireActor,
  }, async (request) => {
    const usage = await measureStorageUsage(app.db, request.actor.ownerId);
    return { ...usage, quotaBytes: app.config.workspaceStorageQuotaBytes, uploadsPerMinute: app.config.workspaceUploadRateLimit.max };
  });
}
