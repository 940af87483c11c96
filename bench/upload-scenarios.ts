import { samplePdf } from '../server/test/samples.js';
import type { DatasetMeta } from './generate.js';

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

export const UPLOAD_CONTENT_TYPE = `multipart/form-data; boundary=${BOUNDARY}`;

/** Request generator for uploads: the same body to a ticket's attachments, ticket after ticket. */
export function uploadNext(meta: DatasetMeta, kind: '1mb' | '5mb'): () => { path: string; body: Buffer } {
  const body = uploadBody(kind);
  let i = 0;
  return () => ({ path: `/api/tickets/${meta.ticketIds[i++ % meta.ticketIds.length]}/attachments`, body });
}
