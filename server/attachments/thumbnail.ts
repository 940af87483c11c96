import { buffer } from 'node:stream/consumers';
import type { FastifyBaseLogger } from 'fastify';
import sharp from 'sharp';
import type { ObjectStore } from '../storage/object-store.js';

export const THUMBNAIL_MAX_SIZE = 320;
/**
 * Images above 40 megapixels are not decoded at all. libvips reads the dimensions from the header
 * first, so a decompression bomb (a 20000×20000 PNG is ~50 KB on disk, ~1.2 GB decoded) is refused
 * before any pixel memory is allocated.
 */
export const THUMBNAIL_MAX_INPUT_PIXELS = 40_000_000;
export const THUMBNAIL_CONTENT_TYPE = 'image/webp';

/**
 * Each sharp job holds one libuv pool thread (4 by default) while it runs, and that pool also does
 * every fs call of the disk store. At most two thumbnails at a time, so a burst of image uploads
 * cannot starve file writes and reads.
 */
const MAX_CONCURRENT_THUMBNAILS = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function withThumbnailSlot<T>(run: () => Promise<T>): Promise<T> {
  if (running < MAX_CONCURRENT_THUMBNAILS) running++;
  else await new Promise<void>((resolve) => waiting.push(resolve)); // a finishing job hands its slot over
  try {
    return await run();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/**
 * A small WebP of an image: fits in 320×320, never enlarged, EXIF orientation applied, first frame
 * only for animations. sharp does the work on the libuv thread pool, off the event loop.
 */
export async function renderThumbnail(image: Buffer): Promise<Buffer> {
  return withThumbnailSlot(() =>
    sharp(image, { limitInputPixels: THUMBNAIL_MAX_INPUT_PIXELS, pages: 1, failOn: 'error' })
      .rotate()
      .resize(THUMBNAIL_MAX_SIZE, THUMBNAIL_MAX_SIZE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 75 })
      .toBuffer());
}

/**
 * Reads a stored image back, renders its thumbnail and stores it at `thumbnailKey`.
 * A thumbnail is a nicety: any failure (bomb, undecodable image, store hiccup) is logged and
 * answers null, and the upload goes on without one.
 */
export async function storeThumbnail(
  store: ObjectStore,
  sourceKey: string,
  thumbnailKey: string,
  log: Pick<FastifyBaseLogger, 'warn'>,
): Promise<string | null> {
  try {
    const source = await store.get(sourceKey);
    if (!source) return null;
    const thumbnail = await renderThumbnail(await buffer(source.body));
    await store.put(thumbnailKey, [thumbnail], { contentType: THUMBNAIL_CONTENT_TYPE });
    return thumbnailKey;
  } catch (error) {
    log.warn({ err: error, key: sourceKey }, 'no thumbnail for this attachment');
    return null;
  }
}
