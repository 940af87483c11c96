import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorResponses } from '../../shared/schemas/common.js';
import { Attachment } from '../../shared/schemas/tickets.js';
import { downloadHeaders } from '../attachments/download-headers.js';
import { FileTooLargeError } from '../attachments/file-types.js';
import { THUMBNAIL_CONTENT_TYPE } from '../attachments/thumbnail.js';
import { MAX_ATTACHMENT_BYTES } from '../attachments/store-upload.js';
import { requireActor } from '../auth/authenticate.js';
import { attachFile, deleteAttachment, openAttachment, type IncomingFile, type OpenedFile } from '../commands/attachments.js';
import { commandContext } from '../commands/context.js';
import { AppError, unprocessable } from '../errors.js';
import type { App } from '../types.js';

const TicketParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const AttachmentParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), attachmentId: Type.String({ minLength: 1, maxLength: 64 }) });
const FileResponse = (description: string) => ({
  description,
  content: { '*/*': { schema: { type: 'string', format: 'binary' } } },
});
/** Room for the multipart envelope around a 5 MB file (boundaries, part headers, a few small fields). */
const MULTIPART_OVERHEAD = 64 * 1024;

export default async function attachmentRoutes(app: App) {
  const ctx = commandContext(app);
  app.addHook('onRequest', requireActor);
  // Registered in this plugin only: nowhere else accepts multipart bodies.
  await app.register(multipart, {
    // fileSize one byte over the limit: our own counter then sees the excess and answers 413 at once.
    limits: { fileSize: MAX_ATTACHMENT_BYTES + 1, files: 1, fields: 10, fieldSize: 1024, parts: 12, headerPairs: 50 },
  });

  app.post('/api/tickets/:id/attachments', {
    // The multipart parser streams the body instead of buffering it; this limit documents the intent.
    bodyLimit: MAX_ATTACHMENT_BYTES + MULTIPART_OVERHEAD,
    schema: {
      tags: ['tickets'],
      description: `Attach one file (field \`file\`) of at most ${MAX_ATTACHMENT_BYTES} bytes. Allowed, judged by content: JPEG, PNG, WebP, GIF, PDF, TXT, CSV, DOC, DOCX.`,
      params: TicketParams,
      consumes: ['multipart/form-data'],
      // Documents the form for OpenAPI; nullable because a streamed multipart body is never parsed
      // into request.body (the file is read, and checked, in the handler).
      body: { type: 'object', nullable: true, properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } as never,
      response: { 201: Type.Object({ attachment: Attachment }), ...errorResponses(400, 401, 403, 404, 413, 415, 422, 503) },
    },
    preValidation: async (request) => {
      if (!request.isMultipart()) {
        throw new AppError(415, 'unsupported_media_type', 'Send the file as multipart/form-data in a field named "file".');
      }
    },
  }, async (request, reply) => {
    const receive = async (): Promise<IncomingFile> => {
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
    try {
      const attachment = await attachFile(ctx, request.actor, request.params.id, receive);
      return reply.code(201).send({ attachment });
    } catch (error) {
      stopReading(request, reply);
      throw error;
    }
  });

  app.get('/api/tickets/:id/attachments/:attachmentId', {
    schema: {
      tags: ['tickets'],
      description: 'The file, with its stored type; inline for images and PDF, a download otherwise.',
      params: AttachmentParams,
      response: { 200: FileResponse('The file'), ...errorResponses(401, 404, 503) },
    },
  }, async (request, reply) => {
    const opened = await openAttachment(ctx, request.actor, request.params.id, request.params.attachmentId, 'original');
    return sendFile(reply, opened, {
      filename: opened.attachment.filename,
      contentType: opened.attachment.content_type,
      inline: opened.type?.inline ?? false,
    });
  });

  app.get('/api/tickets/:id/attachments/:attachmentId/thumbnail', {
    schema: {
      tags: ['tickets'],
      description: 'A WebP thumbnail (max 320 px) of an image attachment; 404 for other files.',
      params: AttachmentParams,
      response: { 200: FileResponse('The thumbnail'), ...errorResponses(401, 404, 503) },
    },
  }, async (request, reply) => {
    const opened = await openAttachment(ctx, request.actor, request.params.id, request.params.attachmentId, 'thumbnail');
    const stem = opened.attachment.filename.replace(/\.[^.]*$/, '') || 'thumbnail';
    return sendFile(reply, opened, { filename: `${stem}.thumbnail.webp`, contentType: THUMBNAIL_CONTENT_TYPE, inline: true });
  });

  app.delete('/api/tickets/:id/attachments/:attachmentId', {
    schema: { tags: ['tickets'], params: AttachmentParams, response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 503) } },
  }, async (request, reply) => {
    await deleteAttachment(ctx, request.actor, request.params.id, request.params.attachmentId);
    return reply.code(204).send(null);
  });
}

function sendFile(reply: FastifyReply, opened: OpenedFile, file: { filename: string; contentType: string; inline: boolean }) {
  reply.headers(downloadHeaders({ ...file, size: opened.object.size }));
  return reply.send(opened.object.body);
}

/** A refused upload is answered at once; closing the connection stops the client sending the rest. */
function stopReading(request: FastifyRequest, reply: FastifyReply): void {
  if (!request.raw.complete) reply.header('connection', 'close');
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
