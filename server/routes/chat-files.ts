import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MessageResponse, VisitorMessageResponse, VisitorSocketQuery, VisitorTokenHeaders } from '../../shared/schemas/chat.js';
import { errorResponses } from '../../shared/schemas/common.js';
import { THUMBNAIL_CONTENT_TYPE } from '../attachments/thumbnail.js';
import { requireActor } from '../auth/authenticate.js';
import { openChatFile, sendChatFile, type ChatSide } from '../commands/chat-files.js';
import { commandContext } from '../commands/context.js';
import { AppError } from '../errors.js';
import { presentMessage, presentVisitorMessage } from '../presenters/conversations.js';
import type { App } from '../types.js';
import {
  acceptOneFile, ALLOWED_FILES_DESCRIPTION, FileResponse, fileReceiver, handleUpload, requireMultipart, sendFile, thumbnailFilename, UPLOAD_BODY_LIMIT, UPLOAD_BODY_SCHEMA,
} from './file-upload.js';
import { workspaceUploadLimit } from './upload-limits.js';
import { preparePublicRoutes, publicRouteConfig } from './public.js';

const FileParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), attachmentId: Type.String({ minLength: 1, maxLength: 64 }) });
const ConversationParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/** Files in chat, owner side: send one (a message carrying it) and download one or its thumbnail. */
export async function chatFileRoutes(app: App) {
  const ctx = commandContext(app);
  app.addHook('onRequest', requireActor);
  await acceptOneFile(app);

  app.post('/api/conversations/:id/attachments', {
    bodyLimit: UPLOAD_BODY_LIMIT,
    schema: {
      operationId: 'sendChatFile',
      summary: 'Send a file in chat (team)',
      tags: ['chat'],
      description: `Send ${ALLOWED_FILES_DESCRIPTION} The answer is the message carrying it (body ""), delivered live like a reply.`,
      params: ConversationParams,
      consumes: ['multipart/form-data'],
      body: UPLOAD_BODY_SCHEMA,
      response: { 201: MessageResponse, ...errorResponses(400, 401, 403, 404, 413, 415, 422, 429, 503, 507) },
    },
    // After requireActor, before the body is read: WORKSPACE_UPLOAD_RATE_LIMIT (429).
    onRequest: workspaceUploadLimit(app),
    preValidation: requireMultipart,
  }, async (request, reply) => {
    const side: ChatSide = { actor: request.actor };
    const { message } = await handleUpload(request, reply, () => sendChatFile(ctx, side, request.params.id, fileReceiver(request)));
    return reply.code(201).send({ message: presentMessage(message) });
  });

  for (const variant of ['original', 'thumbnail'] as const) {
    app.get(`/api/conversations/:id/attachments/:attachmentId${variant === 'thumbnail' ? '/thumbnail' : ''}`, {
      schema: {
        operationId: variant === 'original' ? 'downloadChatFile' : 'getChatFileThumbnail',
        summary: variant === 'original' ? 'Download a file sent in chat' : 'Get the thumbnail of an image sent in chat',
        tags: ['chat'],
        description: variant === 'original' ? 'A file sent in chat; inline for images, a download otherwise (PDF included; the saved name ends in the extension of the detected type).' : 'A WebP thumbnail (max 320 px) of an image sent in chat; 404 for other files.',
        params: FileParams,
        response: { 200: FileResponse(variant === 'original' ? 'The file' : 'The thumbnail'), ...errorResponses(401, 404, 503) },
      },
    }, async (request, reply) => {
      const opened = await openChatFile(ctx, { actor: request.actor }, request.params.id, request.params.attachmentId, variant);
      return sendFile(reply, opened, variant === 'original'
        ? { filename: opened.attachment.filename, contentType: opened.attachment.content_type, inline: opened.type?.inline ?? false }
        : { filename: thumbnailFilename(opened.attachment.filename), contentType: THUMBNAIL_CONTENT_TYPE, inline: true });
    });
  }
}

/**
 * Files in chat, visitor side (public, cross-origin): send with X-Visitor-Token — rate-limited per IP
 * and per conversation on top of the public limit — and download with `?token=` (an <img> cannot send headers).
 */
export async function widgetChatFileRoutes(app: App) {
  const ctx = commandContext(app);
  preparePublicRoutes(app);
  await acceptOneFile(app);

  app.post('/api/widget/conversations/:id/attachments', {
    bodyLimit: UPLOAD_BODY_LIMIT,
    schema: {
      operationId: 'sendVisitorChatFile',
      summary: 'Send a file in chat (visitor)',
      tags: ['widget'],
      security: [{ visitorToken: [] }],
      description: `Send ${ALLOWED_FILES_DESCRIPTION} The answer is the message carrying it. At most VISITOR_UPLOAD_RATE_LIMIT per minute per IP and VISITOR_UPLOAD_CONVERSATION_RATE_LIMIT per conversation (429).`,
      params: ConversationParams,
      headers: VisitorTokenHeaders,
      consumes: ['multipart/form-data'],
      body: UPLOAD_BODY_SCHEMA,
      response: { 201: VisitorMessageResponse, ...errorResponses(400, 404, 413, 415, 422, 429, 503, 507) },
    },
    config: publicRouteConfig(app),
    // Before the body is read: a refused upload costs one small request.
    onRequest: uploadLimits(app),
    preValidation: requireMultipart,
  }, async (request, reply) => {
    const side: ChatSide = { visitorToken: request.headers['x-visitor-token'] };
    const { message } = await handleUpload(request, reply, () => sendChatFile(ctx, side, request.params.id, fileReceiver(request)));
    return reply.code(201).send({ message: presentVisitorMessage(message) });
  });

  for (const variant of ['original', 'thumbnail'] as const) {
    app.get(`/api/widget/conversations/:id/attachments/:attachmentId${variant === 'thumbnail' ? '/thumbnail' : ''}`, {
      schema: {
        operationId: variant === 'original' ? 'downloadVisitorChatFile' : 'getVisitorChatFileThumbnail',
        summary: variant === 'original' ? 'Download a file of the conversation (visitor)' : 'Get the thumbnail of an image of the conversation (visitor)',
        tags: ['widget'],
        security: [{ visitorToken: [] }, { visitorTokenQuery: [] }],
        description: variant === 'original' ? "A file of this conversation, opened with the visitor's token (`?token=`)." : 'The WebP thumbnail of an image of this conversation (`?token=`).',
        params: FileParams,
        querystring: VisitorSocketQuery,
        headers: VisitorTokenHeaders,
        response: { 200: FileResponse(variant === 'original' ? 'The file' : 'The thumbnail'), ...errorResponses(404, 422, 429, 503) },
      },
      config: publicRouteConfig(app),
    }, async (request, reply) => {
      const side: ChatSide = { visitorToken: request.query.token ?? request.headers['x-visitor-token'] };
      const opened = await openChatFile(ctx, side, request.params.id, request.params.attachmentId, variant);
      return sendFile(reply, opened, variant === 'original'
        ? { filename: opened.attachment.filename, contentType: opened.attachment.content_type, inline: opened.type?.inline ?? false, crossOrigin: true }
        : { filename: thumbnailFilename(opened.attachment.filename), contentType: THUMBNAIL_CONTENT_TYPE, inline: true, crossOrigin: true });
    });
  }
}

/**
 * The visitor upload limits, per conversation and then per IP address. (Two limits on one route:
 * the plugin's route hooks stop after the first, so both are checked here with `createRateLimit`.)
 */
function uploadLimits(app: App) {
  const { perIp, perConversation, windowMs } = app.config.visitorUploadRateLimit;
  const limits = [
    app.createRateLimit({ max: perConversation, timeWindow: windowMs, keyGenerator: (request) => `chat-upload-conversation:${(request.params as { id?: string }).id ?? ''}` }),
    app.createRateLimit({ max: perIp, timeWindow: windowMs, keyGenerator: (request) => `chat-upload-ip:${request.ip}` }),
  ];
  return async (request: FastifyRequest, reply: FastifyReply) => {
    for (const limit of limits) {
      const result = await limit(request);
      if (!result.isAllowed && result.isExceeded) {
        reply.header('retry-after', String(result.ttlInSeconds));
        throw new AppError(429, 'rate_limited', `Too many files; retry in ${result.ttlInSeconds} s.`);
      }
    }
  };
}
