import { samplePdf } from '../server/test/samples.js';
import type { DatasetMeta } from './generate.js';
import { runLoad } from './load.js';
import type { ScenarioResult } from './report.js';

const BOUNDARY = 'fmbenchboundary7f3a9c';

/** A 1 MB PDF or an exactly-5 MiB text file, wrapped as the one `file` field of a multipart body. */
export function uploadBody(kind: '1mb' | '5mb'): Buffer {
  let file: Buffer;
  let name: string;
  let type: string;
  if (kind === '1mb') {
    const base = samplePdf();
    // Padding as a PDF comment before %%EOF keeps it a valid PDF.
    file = Buffer.concat([base.subarray(0, base.length - 6), Buffer.from(`%${'x'.repeat(1024 * 1024 - base.length - 2)}\n`), base.subarray(base.length - 6)]);
    name = 'proposal.pdf';
    type = 'application/pdf';
  } else {
    file = Buffer.alloc(5 * 1024 * 1024, 'order 4711 shipped, customer notified\n');
    name = 'server.log';
    type = 'text/plain';
  }
  return Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\ncontent-disposition: form-data; name="file"; filename="${name}"\r\ncontent-type: ${type}\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

/**
 * Attachment uploads against our server and, with the same bytes, against the bare stream-to-disk
 * ceiling. Reports uploads/s, latency, peak server RSS and our share of the ceiling's throughput.
 */
export async function measureUploads(
  server: { url: string; pid?: number },
  ceiling: { url: string; pid?: number },
  meta: DatasetMeta,
  kind: '1mb' | '5mb',
  load: { connections: number; durationSeconds: number; warmupSeconds: number },
): Promise<ScenarioResult> {
  const body = uploadBody(kind);
  const headers = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };
  const bare = await runLoad({ ...load, url: ceiling.url, pid: ceiling.pid, method: 'POST', headers, next: () => ({ path: '/upload', body }) });
  let i = 0;
  const ours = await runLoad({
    ...load, url: server.url, pid: server.pid, method: 'POST',
    headers: { ...headers, authorization: `Bearer ${meta.apiToken}` },
    next: () => ({ path: `/api/tickets/${meta.ticketIds[i++ % meta.ticketIds.length]}/attachments`, body }),
  });
  return {
    scenario: `upload ${kind === '1mb' ? '1 MB PDF' : '5 MB text'} (${load.connections} conn.)`, scale: meta.scale, engine: meta.engine,
    requestsPerSecond: ours.requestsPerSecond, p50Ms: ours.p50Ms, p99Ms: ours.p99Ms, errors: ours.errors, non2xx: ours.non2xx,
    peakRssMb: ours.peakRssMb, ceilingRequestsPerSecond: bare.requestsPerSecond,
    ratio: bare.requestsPerSecond ? ours.requestsPerSecond / bare.requestsPerSecond : undefined,
    extra: { MBps: Math.round((ours.requestsPerSecond * body.length) / 1e5) / 10 },
  };
}
