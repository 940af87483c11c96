import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** The dashboard's entry script (what the first visit downloads before anything shows), gzipped. */
export const APP_ENTRY_GZIP_BUDGET_BYTES = 150 * 1024;

/**
 * Fails `vite build` when the entry chunk is over its gzip budget, so a heavy dependency cannot slip
 * in unnoticed (the widget has the same check in widget/build.ts). Lazy chunks are not counted.
 */
export function bundleBudget(budget = APP_ENTRY_GZIP_BUDGET_BYTES): Plugin {
  return {
    name: 'floatmessage-bundle-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk' || !chunk.isEntry) continue;
        const gzipBytes = gzipSync(chunk.code, { level: 9 }).length;
        this.info(`${chunk.fileName}: ${gzipBytes} bytes gzipped (-9), budget ${budget}`);
        if (gzipBytes > budget) this.error(`The dashboard entry ${chunk.fileName} is ${gzipBytes} bytes gzipped, over its budget of ${budget}.`);
      }
    },
  };
}
