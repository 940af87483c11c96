import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { assertValidKey, ObjectExistsError, StorageUnavailableError, type ObjectInfo, type ObjectStore, type PutBody, type StoredObject } from './object-store.js';

export interface S3StoreOptions {
  bucket: string;
  /** e.g. http://127.0.0.1:9000 for MinIO / s3rver; unset for AWS. */
  endpoint?: string;
  region: string;
  forcePathStyle: boolean;
  /** Key prefix inside the bucket (e.g. "floatmessage"), without slashes at the ends. */
  prefix: string;
  /** Explicit credentials; unset uses the SDK's default chain (AWS_* env, profile, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** TCP connect timeout and per-request (socket inactivity) timeout: a hung S3 ends in StorageUnavailableError. */
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** A put body is spooled to a local file first (S3 needs the length up front); larger bodies are refused. */
  maxObjectBytes?: number;
  /** Where put bodies are spooled (default: the OS temp dir); files left by a crash are swept at start. */
  spoolDir?: string;
}

const SPOOL_PREFIX = '.fm-s3-spool-';
const SPOOL_SUFFIX = '.tmp';

type S3Module = typeof import('@aws-sdk/client-s3');

/**
 * Objects in an S3-compatible bucket. The SDK is loaded with `import()` on first use, so installs on
 * local disk never load it.
 *
 * Never overwriting: every put first HEADs the key, then sends `If-None-Match: *`. AWS S3 (since
 * 2024), MinIO and R2 enforce that header atomically (412 → ObjectExistsError). Servers that ignore it
 * (s3rver, which the tests use) are covered only by the HEAD check, which is not race-free; keys carry
 * random suffixes, so two writers never aim at the same key in practice.
 */
export class S3ObjectStore implements ObjectStore {
  readonly driver = 's3' as const;
  private client: Promise<{ s3: S3Module; client: S3Client }> | null = null;
  private readonly prefix: string;
  private readonly maxObjectBytes: number;

  constructor(private readonly options: S3StoreOptions) {
    this.prefix = options.prefix.replace(/^\/+|\/+$/g, '');
    this.maxObjectBytes = options.maxObjectBytes ?? 64 * 1024 * 1024;
  }

  async put(key: string, body: PutBody, options: { contentType: string }): Promise<{ size: number }> {
    const fullKey = this.keyOf(key);
    // Receive the whole body before talking to S3: a body that fails half-way never reaches the bucket.
    // It goes to a local spool file, not memory: 50 concurrent 5 MB uploads must not mean 250 MB of buffers.
    const spoolDir = this.spoolDir();
    const spool = path.join(spoolDir, `${SPOOL_PREFIX}${randomBytes(8).toString('hex')}${SPOOL_SUFFIX}`);
    try {
      const size = await this.spoolBody(body, spool);
      await this.upload(key, fullKey, spool, size, options.contentType);
      return { size };
    } finally {
      await fsp.rm(spool, { force: true }).catch(() => {});
    }
  }

  private async spoolBody(body: PutBody, spool: string): Promise<number> {
    let handle: fsp.FileHandle;
    try {
      await fsp.mkdir(path.dirname(spool), { recursive: true });
      handle = await fsp.open(spool, 'wx', 0o600);
    } catch (error) {
      throw new StorageUnavailableError(error);
    }
    let size = 0;
    try {
      for await (const chunk of body) {
        size += (chunk as Buffer).length;
        if (size > this.maxObjectBytes) throw new Error(`Object larger than the S3 store's ${this.maxObjectBytes}-byte put limit`);
        await handle.write(chunk as Buffer).catch((error: unknown) => {
          throw new StorageUnavailableError(error);
        });
      }
    } finally {
      await handle.close();
    }
    return size;
  }

  private async upload(key: string, fullKey: string, spool: string, size: number, contentType: string): Promise<void> {
    const { s3, client } = await this.connect();
    if (await this.head(key)) throw new ObjectExistsError(key);
    const stream = fs.createReadStream(spool);
    try {
      await client.send(new s3.PutObjectCommand({
        Bucket: this.options.bucket,
        Key: fullKey,
        Body: stream,
        ContentLength: size,
        ContentType: contentType,
        IfNoneMatch: '*',
      }));
    } catch (error) {
      const status = statusOf(error);
      if (status === 412 || nameOf(error) === 'PreconditionFailed') throw new ObjectExistsError(key);
      // 409 ConditionalRequestConflict: a concurrent conditional write to the same key won.
      if (status === 409 && nameOf(error) === 'ConditionalRequestConflict') throw new ObjectExistsError(key);
      throw new StorageUnavailableError(error);
    } finally {
      stream.destroy();
    }
  }

  /** Removes spool files older than `olderThanMs` (left by a crash mid-upload); returns how many. */
  async sweepTemporaries(olderThanMs: number): Promise<number> {
    const dir = this.spoolDir();
    let names: string[];
    try {
      names = await fsp.readdir(dir);
    } catch {
      return 0;
    }
    let removed = 0;
    for (const name of names) {
      if (!name.startsWith(SPOOL_PREFIX) || !name.endsWith(SPOOL_SUFFIX)) continue;
      const file = path.join(dir, name);
      const stats = await fsp.stat(file).catch(() => null);
      if (stats && stats.mtimeMs < Date.now() - olderThanMs) {
        await fsp.rm(file, { force: true });
        removed++;
      }
    }
    return removed;
  }

  private spoolDir(): string {
    return this.options.spoolDir ?? os.tmpdir();
  }

  async get(key: string): Promise<StoredObject | null> {
    const { s3, client } = await this.connect();
    try {
      const result = await client.send(new s3.GetObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(key) }));
      return { body: result.Body as Readable, size: Number(result.ContentLength ?? 0) };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw new StorageUnavailableError(error);
    }
  }

  async head(key: string): Promise<ObjectInfo | null> {
    const { s3, client } = await this.connect();
    try {
      const result = await client.send(new s3.HeadObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(key) }));
      return { key, size: Number(result.ContentLength ?? 0), lastModified: result.LastModified?.getTime() ?? 0 };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw new StorageUnavailableError(error);
    }
  }

  async delete(key: string): Promise<void> {
    const { s3, client } = await this.connect();
    try {
      await client.send(new s3.DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(key) }));
    } catch (error) {
      if (!isNotFound(error)) throw new StorageUnavailableError(error);
    }
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    const { s3, client } = await this.connect();
    const strip = this.prefix ? this.prefix.length + 1 : 0;
    let token: string | undefined;
    do {
      let page;
      try {
        page = await client.send(new s3.ListObjectsV2Command({
          Bucket: this.options.bucket,
          Prefix: this.prefix ? `${this.prefix}/${prefix}` : prefix,
          ContinuationToken: token,
        }));
      } catch (error) {
        throw new StorageUnavailableError(error);
      }
      for (const item of page.Contents ?? []) {
        if (!item.Key) continue;
        yield { key: item.Key.slice(strip), size: Number(item.Size ?? 0), lastModified: item.LastModified?.getTime() ?? 0 };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async check(): Promise<void> {
    try {
      const { s3, client } = await this.connect();
      await client.send(new s3.HeadBucketCommand({ Bucket: this.options.bucket }));
    } catch (error) {
      throw error instanceof StorageUnavailableError ? error : new StorageUnavailableError(error);
    }
  }

  async close(): Promise<void> {
    if (this.client) (await this.client).client.destroy();
    this.client = null;
  }

  private keyOf(key: string): string {
    assertValidKey(key);
    return this.prefix ? `${this.prefix}/${key}` : key;
  }

  private connect(): Promise<{ s3: S3Module; client: S3Client }> {
    this.client ??= import('@aws-sdk/client-s3').then((s3) => ({
      s3,
      client: new s3.S3Client({
        region: this.options.region,
        endpoint: this.options.endpoint,
        forcePathStyle: this.options.forcePathStyle,
        credentials: this.options.credentials,
        maxAttempts: 2,
        // S3-compatible servers (MinIO, s3rver, older Ceph) do not all speak the SDK's newer
        // default payload checksums; send them only where an operation requires one.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        // throwOnRequestTimeout: without it the SDK only logs a warning and the request waits forever on a hung server.
        requestHandler: { connectionTimeout: this.options.connectTimeoutMs ?? 5_000, requestTimeout: this.options.requestTimeoutMs ?? 30_000, throwOnRequestTimeout: true },
      }),
    }));
    return this.client;
  }
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

function nameOf(error: unknown): string | undefined {
  return (error as { name?: string })?.name;
}

function isNotFound(error: unknown): boolean {
  return statusOf(error) === 404 && ['NotFound', 'NoSuchKey'].includes(nameOf(error) ?? '');
}
