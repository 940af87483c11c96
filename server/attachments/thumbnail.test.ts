import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { DiskObjectStore } from '../storage/disk-store.js';
import { sampleAnimatedGif, sampleBombPng, sampleImage, samplePdf } from '../test/samples.js';
import { renderThumbnail, storeThumbnail, THUMBNAIL_MAX_SIZE } from './thumbnail.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-thumb-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const warnings: unknown[] = [];
const log = { warn: (...args: unknown[]) => void warnings.push(args) };

describe('renderThumbnail', () => {
  it.each(['jpeg', 'png', 'webp', 'gif'] as const)('makes a WebP that fits in 320×320 from a %s', async (format) => {
    const thumbnail = await renderThumbnail(await sampleImage(format, 1600, 900));
    const meta = await sharp(thumbnail).metadata();
    expect(meta.format).toBe('webp');
    expect(meta.width).toBe(THUMBNAIL_MAX_SIZE);
    expect(meta.height).toBe(180);
  });

  it('never enlarges a small image', async () => {
    const meta = await sharp(await renderThumbnail(await sampleImage('png', 40, 30))).metadata();
    expect([meta.width, meta.height]).toEqual([40, 30]);
  });

  it('takes the first frame of an animated GIF', async () => {
    const thumbnail = await renderThumbnail(await sampleAnimatedGif());
    const meta = await sharp(thumbnail).metadata();
    expect(meta.pages ?? 1).toBe(1);
    expect([meta.width, meta.height]).toEqual([40, 40]);
    const { data } = await sharp(thumbnail).raw().toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(200); // red frame first
    expect(data[2]).toBeLessThan(60);
  });

  it('refuses a decompression bomb from its header instead of decoding 400 megapixels', async () => {
    const bomb = sampleBombPng();
    expect(bomb.length).toBeLessThan(200_000);
    const before = process.memoryUsage().rss;
    await expect(renderThumbnail(bomb)).rejects.toThrow(/pixel limit/i);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });
});

describe('storeThumbnail', () => {
  it('stores the thumbnail next to the original', async () => {
    const store = new DiskObjectStore(root);
    await store.put('tickets/o/1-a.jpg', [await sampleImage('jpeg', 800, 600)], { contentType: 'image/jpeg' });
    expect(await storeThumbnail(store, 'tickets/o/1-a.jpg', 'tickets/o/1-a.thumb.webp', log)).toBe('tickets/o/1-a.thumb.webp');
    expect((await store.head('tickets/o/1-a.thumb.webp'))?.size).toBeGreaterThan(0);
  });

  it('answers null (and logs) when the image cannot be thumbnailed, storing nothing', async () => {
    const store = new DiskObjectStore(root);
    await store.put('tickets/o/2-b.png', [sampleBombPng()], { contentType: 'image/png' });
    await store.put('tickets/o/3-c.png', [samplePdf()], { contentType: 'image/png' });
    expect(await storeThumbnail(store, 'tickets/o/2-b.png', 'tickets/o/2-b.thumb.webp', log)).toBeNull();
    expect(await storeThumbnail(store, 'tickets/o/3-c.png', 'tickets/o/3-c.thumb.webp', log)).toBeNull();
    expect(await store.head('tickets/o/2-b.thumb.webp')).toBeNull();
    expect(warnings.length).toBeGreaterThanOrEqual(2);
  });
});
