import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { assertValidKey, ObjectExistsError, StorageUnavailableError, type ObjectInfo, type ObjectStore, type PutBody, type StoredObject } from './object-store.js';

/** Errors that mean "the disk cannot take this now", as opposed to a bug in the caller. */
const UNAVAILABLE_CODES = new Set(['ENOSPC', 'EDQUOT', 'EACCES', 'EPERM', 'EROFS', 'EIO', 'EMFILE', 'ENFILE', 'ENOTDIR', 'EBUSY']);

const TEMP_SUFFIX = '.tmp';

/**
 * Objects as files under `root`. A write is crash-safe: the bytes go to a temp file in the target
 * directory, are fsynced, and are then hard-linked to the final name. `link` fails with EEXIST
 * instead of replacing, which is the "never overwrite" guarantee without a check-then-act race.
 * The directory is fsynced so the new name survives a power loss.
 */
export class DiskObjectStore implements ObjectStore {
  readonly driver = 'disk' as const;

  constructor(readonly root: string) {}

  async put(key: string, body: PutBody, _options: { contentType: string }): Promise<{ size: number }> {
    const target = this.pathOf(key);
    const dir = path.dirname(target);
    const temp = path.join(dir, `.${path.basename(target)}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
    let size = 0;
    try {
      await this.makeDirectory(dir);
      const handle = await fsp.open(temp, 'wx', 0o640);
      try {
        for await (const chunk of body) {
          const bytes = chunk as Buffer;
          size += bytes.length;
          await handle.write(bytes);
        }
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fsp.link(temp, target);
    } catch (error) {
      await fsp.rm(temp, { force: true }).catch(() => {});
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new ObjectExistsError(key);
      throw translate(error);
    }
    await fsp.rm(temp, { force: true });
    await syncDirectory(dir).catch((error) => {
      throw translate(error);
    });
    return { size };
  }

  async get(key: string): Promise<StoredObject | null> {
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(this.pathOf(key), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw translate(error);
    }
    // Stat through the open handle: the size belongs to exactly the file being streamed.
    const { size } = await handle.stat();
    return { body: handle.createReadStream(), size };
  }

  async head(key: string): Promise<ObjectInfo | null> {
    try {
      const stats = await fsp.stat(this.pathOf(key));
      return { key, size: stats.size, lastModified: stats.mtimeMs };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw translate(error);
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await fsp.unlink(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw translate(error);
    }
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    // Walk only the deepest directory the prefix names, then filter by the full string prefix.
    const base = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    if (base) assertValidKey(base);
    for await (const info of this.walk(base)) {
      if (info.key.startsWith(prefix)) yield info;
    }
  }

  /** Temp files older than `olderThanMs` left by a crash mid-write (for `reconcile`). */
  async *listStaleTemporaries(olderThanMs: number): AsyncIterable<string> {
    const cutoff = Date.now() - olderThanMs;
    for await (const { file, stats } of this.walkFiles(this.root)) {
      if (path.basename(file).startsWith('.') && file.endsWith(TEMP_SUFFIX) && stats.mtimeMs < cutoff) yield file;
    }
  }

  async removeTemporary(file: string): Promise<void> {
    if (!file.startsWith(this.root + path.sep) || !file.endsWith(TEMP_SUFFIX)) throw new Error(`Not a temp file of this store: ${file}`);
    await fsp.rm(file, { force: true });
  }

  /** Removes the temp files older than `olderThanMs` (left by a crash mid-write); returns how many. */
  async sweepTemporaries(olderThanMs: number): Promise<number> {
    let removed = 0;
    for await (const file of this.listStaleTemporaries(olderThanMs)) {
      await this.removeTemporary(file);
      removed++;
    }
    return removed;
  }

  async check(): Promise<void> {
    try {
      await fsp.mkdir(this.root, { recursive: true });
      await fsp.access(this.root, fs.constants.W_OK | fs.constants.R_OK);
    } catch (error) {
      throw new StorageUnavailableError(error);
    }
  }

  private pathOf(key: string): string {
    assertValidKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  private async *walk(base: string): AsyncIterable<ObjectInfo> {
    const start = base ? path.join(this.root, ...base.split('/')) : this.root;
    for await (const { file, stats } of this.walkFiles(start)) {
      const relative = path.relative(this.root, file).split(path.sep);
      if (relative.some((segment) => segment.startsWith('.'))) continue;
      yield { key: relative.join('/'), size: stats.size, lastModified: stats.mtimeMs };
    }
  }

  private async *walkFiles(dir: string): AsyncIterable<{ file: string; stats: fs.Stats }> {
    let entries: fs.Dirent[];
    try {
      entries = await fsp.readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return;
      throw translate(error);
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) yield* this.walkFiles(file);
      else if (entry.isFile()) {
        const stats = await fsp.stat(file).catch(() => null);
        if (stats) yield { file, stats };
      }
    }
  }

  /** mkdir -p, fsyncing each parent whose entries changed so new directories survive a crash too. */
  private async makeDirectory(dir: string): Promise<void> {
    const first = await fsp.mkdir(dir, { recursive: true });
    if (!first) return;
    let current = dir;
    const changed: string[] = [];
    while (current.length >= first.length) {
      changed.push(path.dirname(current));
      current = path.dirname(current);
    }
    for (const parent of changed) await syncDirectory(parent);
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await fsp.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function translate(error: unknown): unknown {
  if (error instanceof StorageUnavailableError) return error;
  const code = (error as NodeJS.ErrnoException)?.code;
  return code && UNAVAILABLE_CODES.has(code) ? new StorageUnavailableError(error) : error;
}
