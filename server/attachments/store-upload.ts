import type { ObjectStore } from '../storage/object-store.js';
import { ContentInspector } from './detect-type.js';
import { FileTooLargeError, type FileType } from './file-types.js';

// One limit for the server and the clients' pre-checks.
export { MAX_ATTACHMENT_BYTES } from '../../shared/constants.js';

export interface StoreUploadOptions {
  /** The name the client gave (only used to choose CSV over TXT). */
  filename: string;
  maxBytes: number;
  /** The object key, chosen once the type (and so the extension) is known. */
  keyFor(type: FileType): string;
  /** True when the source was cut short by an upstream limit (e.g. busboy's fileSize). */
  truncated?(): boolean;
}

export interface StoredUpload {
  key: string;
  type: FileType;
  size: number;
}

/**
 * Streams an upload into the store while judging it. The first bytes decide the type (refused
 * types never touch the store); then every chunk is counted and inspected on its way through.
 * Going over `maxBytes`, an upstream truncation or a late verdict (invalid UTF-8 at the end,
 * a ZIP that is not a Word document) errors the body, and the store discards the partial
 * object: it only commits a body that ended cleanly. Memory stays at one chunk, except for
 * DOC/DOCX (kept whole for their directory) and the S3 store (which needs the length up front);
 * both are bounded by `maxBytes`.
 */
export async function storeUpload(store: ObjectStore, source: AsyncIterable<Buffer>, options: StoreUploadOptions): Promise<StoredUpload> {
  const iterator = source[Symbol.asyncIterator]();
  const inspector = new ContentInspector(options.filename);
  let size = 0;
  const count = (chunk: Buffer) => {
    size += chunk.length;
    if (size > options.maxBytes || options.truncated?.()) throw new FileTooLargeError(options.maxBytes);
  };

  try {
    // Read until the type is known (or the file ends first).
    const head: Buffer[] = [];
    let ended = false;
    while (!inspector.type) {
      const next = await iterator.next();
      if (next.done) {
        ended = true;
        if (options.truncated?.()) throw new FileTooLargeError(options.maxBytes);
        inspector.finish();
        break;
      }
      count(next.value);
      head.push(next.value);
      inspector.push(next.value);
    }
    const type = inspector.type!;
    const key = options.keyFor(type);

    async function* body(): AsyncIterable<Buffer> {
      yield* head;
      if (ended) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done) break;
        count(next.value);
        inspector.push(next.value);
        yield next.value;
      }
      if (options.truncated?.()) throw new FileTooLargeError(options.maxBytes);
      inspector.finish();
    }

    await store.put(key, body(), { contentType: type.contentType });
    return { key, type, size };
  } finally {
    // Stop reading a refused upload; a no-op once the source is exhausted.
    await iterator.return?.();
  }
}
