import type { StorageConfig } from '../config.js';
import { DiskObjectStore } from './disk-store.js';
import type { ObjectStore } from './object-store.js';
import { S3ObjectStore } from './s3-store.js';

/** The store `STORAGE_URL` names: local disk (default, under the data dir) or an S3-compatible bucket. */
export function createObjectStore(config: StorageConfig): ObjectStore & { close?(): Promise<void> } {
  if (config.driver === 'disk') return new DiskObjectStore(config.root);
  return new S3ObjectStore({
    bucket: config.bucket,
    endpoint: config.endpoint,
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    prefix: config.prefix,
    credentials: config.credentials,
    connectTimeoutMs: config.connectTimeoutMs,
    requestTimeoutMs: config.requestTimeoutMs,
    spoolDir: config.spoolDir,
  });
}
