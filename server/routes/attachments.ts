import { Type } from '@sinclair/typebox';
import { errorResponses } from '../../shared/schemas/common.js';
import { Attachment } from '../../shared/schemas/tickets.js';
import { THUMBNAIL_CONTENT_TYPE } from '../attachments/thumbnail.js';
import { requireActor } from '../auth/authenticate.js';
import { attachFile, deleteAttachment, openAttachment } from '../commands/attachments.js';
import { commandContext } from '../commands/context.js';
import type { App } from '../types.js';
import {
  acceptOneFile, ALLOWED_FILES_DESCRIPTION, FileResponse, fileReceiver, handleUpload, requireMultipart, sendFile, thumbnailFilename, UPLOAD_BODY_LIMIT, UPLOAD_BODY_SCHEMA,
} from './file-upload.js';
import { workspaceUploadLimit } from './upload-limits.js';

const TicketParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const AttachmentParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), attachmentId: Type.String({ minLength: 1, maxLength: 64 }) });

export default async function attachmentRoutes(app: App) {
  const ctx = commandContext(app);
  app.addHook('onRequest', requireActor);
  await acceptOneFile(app);

  app.post('/api/tickets/:id/attachments', {
    // The multipart parser streams the body instead of buffering it; this limit documents the intent.
    bodyLimit: UPLOAD_BODY_LIMIT,
    schema: {
      operationId: 'uploadTicketAttachment',
      summary: 'Attach a file to a ticket',
      tags: ['tickets'],
      description: `Attach ${ALLOWED_FILES_DESCRIPTION}`,
      params: TicketParams,
      consumes: ['multipart/form-data'],
      body: UPLOAD_BODY_SCHEMA,
      response: { 201: Type.Object({ attachment: Attachment }), ...errorResponses(400, 401, 403, 404, 413, 415, 422, 429, 503, 507) },
    },
    // After requireActor, before the body is read: WORKSPACE_UPLOAD_RATE_LIMIT (429).
    onRequest: workspaceUploadLimit(app),
    preValidation: requireMultipart,
  }, async (request, reply) => {
    const attachment = await handleUpload(request, reply, () => attachFile(ctx, request.actor, request.params.id, fileReceiver(request)));
    return reply.code(201).send({ attachment });
  });

  app.get('/api/tickets/:id/attachments/:attachmentId', {
    schema: {
      operationId: 'downloadTicketAttachment',
      summary: 'Download a ticket attachment',
      tags: ['tickets'],
      description: 'The file, with its stored type; inline for images, a download otherwise (PDF included; the saved name ends in the extension of the detected type).',
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
      operationId: 'getTicketAttachmentThumbnail',
      summary: 'Get the thumbnail of a ticket attachment',
      tags: ['tickets'],
      description: 'A WebP thumbnail (max 320 px) of an image attachment; 404 for other files.',
      params: AttachmentParams,
      response: { 200: FileResponse('The thumbnail'), ...errorResponses(401, 404, 503) },
    },
  }, async (request, reply) => {
    const opened = await openAttachment(ctx, request.actor, request.params.id, request.params.attachmentId, 'thumbnail');
    return sendFile(reply, opened, { filename: thumbnailFilename(opened.attachment.filename), contentType: THUMBNAIL_CONTENT_TYPE, inline: true });
  });

  app.delete('/api/tickets/:id/attachments/:attachmentId', {
    schema: { operationId: 'deleteTicketAttachment', summary: 'Delete a ticket attachment', tags: ['tickets'], params: AttachmentParams, response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 503) } },
  }, async (request, reply) => {
    await deleteAttachment(ctx, request.actor, request.params.id, request.params.attachmentId);
    return reply.code(204).send(null);
  });
}
