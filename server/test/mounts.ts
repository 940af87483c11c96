import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A small tmpfs (a disk that fills up) that can also be switched to read-only and back. Needs root (mount). */
export interface TestVolume {
  dir: string;
  readOnly(): void;
  readWrite(): void;
  /** Fills the free space with one file; returns a function that removes it again. */
  fill(): () => void;
  unmount(): void;
}

/** Why volumes cannot be mounted here (not root, no mount permission), or null when they can. */
export function mountUnavailableReason(): string | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'pipe' });
    execFileSync('umount', [dir], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return (error as Error).message.split('\n')[0] ?? 'mount failed';
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function mountTmpfs(sizeBytes: number): TestVolume {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-volume-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes}`, 'tmpfs', dir]);
  return {
    dir,
    readOnly: () => execFileSync('mount', ['-o', 'remount,ro', dir]),
    readWrite: () => execFileSync('mount', ['-o', 'remount,rw', dir]),
    fill() {
      const filler = path.join(dir, 'filler');
      const fd = fs.openSync(filler, 'w');
      const block = Buffer.alloc(4096, 1);
      try {
        for (;;) fs.writeSync(fd, block);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        fs.closeSync(fd);
      }
      return () => fs.rmSync(filler, { force: true });
    },
    unmount() {
      execFileSync('umount', ['-l', dir]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
