import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { startTestS3 } from '../server/test/s3.js';
import { samplePdf } from '../server/test/samples.js';
import { samplePeakRss, startServer } from './processes.js';

/**
 * Upload throughput of POST /api/tickets/{id}/attachments against the built server in its own process.
 *   npm run build && npx tsx bench/attachment-uploads.ts --store disk --kind jpeg --count 100 --concurrency 8
 * --store disk|s3 (s3: a local s3rver on loopback), --kind text|jpeg|pdf (jpeg: ~4 MB photo-like noise,
 * thumbnailed; text: 5 MB; pdf: ~1 MB).
 */
const { values: args } = parseArgs({
  options: {
    store: { type: 'string', default: 'disk' },
    kind: { type: 'string', default: 'jpeg' },
    count: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '8' },
  },
});

async function sampleFile(kind: string): Promise<{ bytes: Buffer; name: string; type: string }> {
  if (kind === 'text') return { bytes: Buffer.alloc(5 * 1024 * 1024 - 1024, 'log line\n'), name: 'server.log', type: 'text/plain' };
  if (kind === 'pdf') {
    const base = samplePdf();
    // Padding as a PDF comment before %%EOF keeps it a valid PDF of about 1 MB.
    const padded = Buffer.concat([base.subarray(0, base.length - 6), Buffer.from(`%${'x'.repeat(1024 * 1024)}\n`), base.subarray(base.length - 6)]);
    return { bytes: padded, name: 'proposal.pdf', type: 'application/pdf' };
  }
  const width = 2400;
  const height = 1800;
  const noise = Buffer.alloc(width * height * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
  const bytes = await sharp(noise, { raw: { width, height, channels: 3 } }).jpeg({ quality: 92 }).toBuffer();
  return { bytes, name: 'photo.jpg', type: 'image/jpeg' };
}

async function main() {
  const count = Number(args.count);
  const concurrency = Number(args.concurrency);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-bench-uploads-'));
  const s3 = args.store === 's3' ? await startTestS3('bench') : null;
  const server = await startServer({ DATA_DIR: dataDir, ...(s3?.env('bench') ?? {}) });
  try {
    const signup = await fetch(`${server.url}/api/auth/signup`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `bench-${Date.now()}@example.com`, password: 'bench password 1' }),
    });
    const cookie = signup.headers.getSetCookie().find((c) => c.startsWith('fm_session='))!.split(';')[0]!;
    const headers = { cookie, origin: server.url };
    const me = await (await fetch(`${server.url}/api/me`, { headers })).json() as { site: { key: string } };
    const conversation = await (await fetch(`${server.url}/api/widget/${me.site.key}/conversations`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: { body: 'Screenshot attached' } }),
    })).json() as { conversation: { id: string } };
    const ticket = await (await fetch(`${server.url}/api/tickets`, {
      method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ conversationId: conversation.conversation.id }),
    })).json() as { ticket: { id: string } };

    const file = await sampleFile(args.kind!);
    const latencies: number[] = [];
    let next = 0;
    const peakRss = samplePeakRss(server.child.pid!);
    // Meanwhile, a light probe: if thumbnails blocked the event loop, /healthz would stall.
    const probe: number[] = [];
    let probing = true;
    const probeLoop = (async () => {
      while (probing) {
        const t0 = performance.now();
        await (await fetch(`${server.url}/healthz`)).arrayBuffer();
        probe.push(performance.now() - t0);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next++;
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
        const t0 = performance.now();
        const response = await fetch(`${server.url}/api/tickets/${ticket.ticket.id}/attachments`, { method: 'POST', headers, body: form });
        await response.arrayBuffer();
        if (response.status !== 201) throw new Error(`upload answered ${response.status}`);
        latencies.push(performance.now() - t0);
      }
    }));
    const seconds = (performance.now() - started) / 1000;
    probing = false;
    await probeLoop;
    const pct = (values: number[], p: number) => {
      const sorted = [...values].sort((a, b) => a - b);
      return +sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(0);
    };
    console.log(JSON.stringify({
      store: args.store, kind: args.kind, fileBytes: file.bytes.length, count, concurrency,
      uploadsPerSecond: +(count / seconds).toFixed(1),
      megabytesPerSecond: +((count * file.bytes.length) / seconds / 1024 / 1024).toFixed(1),
      latencyMs: { p50: pct(latencies, 50), p99: pct(latencies, 99) },
      healthzDuringUploadsMs: { p50: pct(probe, 50), p99: pct(probe, 99), max: pct(probe, 100) },
      serverPeakRssMb: peakRss(),
    }, null, 2));
  } finally {
    await server.stop();
    await s3?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
