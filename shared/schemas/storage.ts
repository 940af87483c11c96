import { Type, type Static } from '@sinclair/typebox';
import { Nullable } from './common.js';

/** GET /api/settings/storage: the workspace's file storage and upload limits (Settings shows them). */
export const StorageUsageResponse = Type.Object({
  usedBytes: Type.Integer({ minimum: 0, description: 'Bytes of files the workspace keeps (ticket attachments and files in chat, visitor files included; thumbnails not counted).' }),
  fileCount: Type.Integer({ minimum: 0, description: 'How many files that is.' }),
  quotaBytes: Nullable(Type.Integer({ minimum: 1 }), { description: 'WORKSPACE_STORAGE_QUOTA_MB in bytes; null: no quota. An upload that does not fit is refused with 507.' }),
  uploadsPerMinute: Type.Integer({ minimum: 1, description: "WORKSPACE_UPLOAD_RATE_LIMIT: teammates' uploads per minute for the whole workspace (429 beyond)." }),
});
export type StorageUsage = Static<typeof StorageUsageResponse>;
