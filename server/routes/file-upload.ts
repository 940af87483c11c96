import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { downloadHeaders } from '../attachments/download-headers.js';
import { FileTooLargeError } from '../attachments/file-types.js';
import { MAX_ATTACHMENT_BYTES } from '../attachments/store-upload.js';
import type { IncomingFile, OpenedFile } from '../commands/attachments.js';
import { AppError, unprocessable } from '../errors.js';
import type { App } from '../types.js';

/**
 * The one way files come in (ticket attachments, files in chat, from owners and visitors) and go
 * out: a streamed multipart upload of one file in field `file`, and a download with the safe headers.
 */

/** Room for the multipart envelope around a 5 MB file (boundaries, part headers, a few small fields). */
export const MULTIPART_OVERHEAD = 64 * 1024;
export const UPLOAD_BODY_LIMIT = MAX_ATTACHMENT_BYTES + MULTIPART_OVERHEAD;
export const ALLOWED_FILES_DESCRIPTION = `one file (field \`file\`) of at most ${MAX_ATTACHMENT_BYTES} bytes. Allowed, judged by content: JPEG, PNG, WebP, GIF, PDF, TXT, CSV, DOC, DOCX.`;

/** Registers the multipart parser in the calling plugin only: nowhere else accepts multipart bodies. */
export async function acceptOneFile(app: App): Promise<void> {
  await app.register(multipart, {
    // fileSize one byte over the limit: our own counter then sees the excess and answers 413 at once.
    limits: { fileSize: MAX_ATTACHMENT_BYTES + 1, files: 1, fields: 10, fieldSize: 1024, parts: 12, headerPairs: 50 },
  });
}

/**
 * Documents the form for OpenAPI; nullable because a streamed multipart body is never parsed into
 * request.body (the file is read, and checked, in the handler).
 */
export const UPLOAD_BODY_SCHEMA = { type: 'object', nullable: true, properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } as never;

export const FileResponse = (description: string) => ({
  description,
  content: { '*/*': { schema: { type: 'string', format: 'binary' } } },
});

export async function requireMultipart(request: FastifyRequest): Promise<void> {
  if (!request.isMultipart()) {
    throw new AppError(415, 'unsupported_media_type', 'Send the file as multipart/form-data in a field named "file".');
  }
}

/** The upload's one file, read lazily: the command calls this only once it knows the target exists. */
export function fileReceiver(request: FastifyRequest): () => Promise<IncomingFile> {
  return async () => {
    const parts = request.parts()[Symbol.asyncIterator]();
    const nextPart = () => parts.next().catch((error: unknown) => {
      throw malformed(error);
    });
    // Other form fields before the file are skipped. (Stop at the file: asking for the next part
    // before its bytes are consumed would wait forever.)
    let next = await nextPart();
    while (!next.done && next.value.type !== 'file') next = await nextPart();
    if (next.done || next.value.type !== 'file') throw unprocessable('Attach a file in the "file" field.', 'file');
    const part = next.value;
    if (part.fieldname !== 'file') throw unprocessable(`The file must be sent in the "file" field (got "${part.fieldname}").`, 'file');
    const file = part.file;
    // At its limit busboy stops feeding the file stream but does not end it: end it ourselves.
    file.once('limit', () => file.destroy(new FileTooLargeError(MAX_ATTACHMENT_BYTES)));
    return {
      filename: decodeFormFilename(part.filename),
      stream: readPart(file),
      truncated: () => file.truncated,
      // Reads the rest of the form: a second file is refused rather than silently dropped.
      async finish() {
        for (let next = await nextPart(); !next.done; next = await nextPart()) {
          if (next.value.type === 'file') {
            next.value.file.resume();
            throw ONE_FILE_ONLY();
          }
        }
      },
    };
  };
}

/** Runs an upload; a refused one is answered at once and the connection closed (the client stops sending the rest). */
export async function handleUpload<T>(request: FastifyRequest, reply: FastifyReply, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!request.raw.complete) reply.header('connection', 'close');
    throw error;
  }
}

export interface SendFileOptions {
  filename: string;
  contentType: string;
  inline: boolean;
  /** Visitor downloads are embedded by the widget on the customer's site (another origin). */
  crossOrigin?: boolean;
}

export function sendFile(reply: FastifyReply, opened: Pick<OpenedFile, 'object'>, file: SendFileOptions) {
  reply.headers(downloadHeaders({ ...file, size: opened.object.size }));
  return reply.send(opened.object.body);
}

/** `photo.png` → `photo.thumbnail.webp` */
export function thumbnailFilename(filename: string): string {
  return `${filename.replace(/\.[^.]*$/, '') || 'thumbnail'}.thumbnail.webp`;
}

/** The file part's bytes; failing to read them (broken framing, client gone) is a 400, not a 500. */
async function* readPart(file: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
  try {
    for await (const chunk of file) yield chunk;
  } catch (error) {
    throw malformed(error);
  }
}

/**
 * Browsers escape '"', CR and LF in multipart filenames as %22, %0D, %0A (HTML form encoding);
 * undo that so 'say "hi".txt' stays itself. (A literal "%22" in a name is indistinguishable.)
 */
function decodeFormFilename(filename: string | undefined): string {
  return (filename ?? '').replace(/%22/g, '"').replace(/%0D/gi, '\r').replace(/%0A/gi, '\n');
}

const ONE_FILE_ONLY = () => unprocessable('Send one file per request.', 'file');

/** Broken multipart framing or a cut-off request: the client's fault, never a 500. */
function malformed(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const { statusCode: status, code } = (error ?? {}) as { statusCode?: number; code?: string };
  if (code === 'FST_FILES_LIMIT') return ONE_FILE_ONLY();
  if (status === 413) return new AppError(413, 'payload_too_large', 'The form has too many parts; send one file of at most 5 MB.');
  return new AppError(400, 'malformed_multipart', 'The multipart/form-data body could not be read.');
}
