import type { Readable } from 'node:stream';
import { AppError } from '../errors.js';

/**
 * The one seam to object storage (local disk or S3-compatible). Deliberately small: attachments need
 * create-once writes, streaming reads, existence checks, deletes and a prefix listing for `reconcile`.
 * Content type and filename live in the database row, not in the store.
 */
export interface ObjectStore {
  readonly driver: 'disk' | 's3';
  /**
   * Stores a new object from a stream. The object becomes visible only after the stream ended without
   * error, so a body that errors half-way (too large, wrong type) leaves nothing behind.
   * Refuses to replace an existing object: rejects with `ObjectExistsError`.
   */
  put(key: string, body: PutBody, options: { contentType: string }): Promise<{ size: number }>;
  /** Streams an object, or null when there is none. */
  get(key: string): Promise<StoredObject | null>;
  head(key: string): Promise<ObjectInfo | null>;
  /** Removes an object; removing a missing one is not an error. */
  delete(key: string): Promise<void>;
  /** Every object whose key starts with `prefix` (a plain string prefix, as in S3). */
  list(prefix: string): AsyncIterable<ObjectInfo>;
  /** Throws `StorageUnavailableError` when the store cannot be used (readiness checks). */
  check(): Promise<void>;
}

/** A stream, or any (async) iterable of byte chunks. */
export type PutBody = Readable | AsyncIterable<Buffer> | Iterable<Buffer>;

export interface ObjectInfo {
  key: string;
  size: number;
  /** Epoch ms. */
  lastModified: number;
}

export interface StoredObject {
  body: Readable;
  size: number;
}

export class ObjectExistsError extends Error {
  readonly code = 'object_exists';
  constructor(readonly key: string) {
    super(`An object already exists at "${key}"; objects are never overwritten.`);
    this.name = 'ObjectExistsError';
  }
}

/** The store itself failed (disk full, permissions, S3 unreachable or refusing): the API answers 503. */
export class StorageUnavailableError extends AppError {
  constructor(override readonly cause: unknown) {
    super(503, 'storage_unavailable', 'File storage is unavailable; try again shortly.');
    this.name = 'StorageUnavailableError';
  }
}

/**
 * Keys are relative, '/'-separated paths of plain segments. This is what keeps a disk key inside the
 * root (no '..', no absolute paths, no backslashes) and keeps temp files (leading '.') out of the key space.
 */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/;

export function assertValidKey(key: string): void {
  const segments = key.split('/');
  if (key.length > 1024 || segments.some((segment) => !SEGMENT.test(segment) || segment.includes('..'))) {
    throw new Error(`Invalid object key "${key}"`);
  }
}
