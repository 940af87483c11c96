import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WIDGET_OUTFILE = path.join(ROOT, 'dist', 'widget', 'widget.js');
/** The script is on every page of the owner's site: it must stay small. */
export const GZIP_BUDGET_BYTES = 20 * 1024;

/**
 * Bundles widget/src into one minified IIFE (no module loader, no framework, nothing global but
 * `window.FloatMessage`) for browsers from 2021 on. Returns the plain and gzipped sizes.
 */
export async function buildWidget(outfile = WIDGET_OUTFILE): Promise<{ bytes: number; gzipBytes: number }> {
  await build({
    entryPoints: [path.join(ROOT, 'widget', 'src', 'main.ts')],
    outfile,
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2020', 'chrome93', 'firefox92', 'safari15.4'],
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'warning',
  });
  const code = fs.readFileSync(outfile);
  return { bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
}

// `tsx widget/build.ts` (npm run build:widget)
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { bytes, gzipBytes } = await buildWidget();
  console.log(`${path.relative(ROOT, WIDGET_OUTFILE)}: ${bytes} bytes, ${gzipBytes} bytes gzipped (-9)`);
  if (gzipBytes > GZIP_BUDGET_BYTES) {
    console.error(`The widget is over its budget of ${GZIP_BUDGET_BYTES} bytes gzipped.`);
    process.exit(1);
  }
}
