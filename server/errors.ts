import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from './db/database.js';
import type { ErrorCode } from '../shared/error-codes.js';
import { ErrorBody } from '../shared/schemas/common.js';

/** The one error type: an HTTP status, a stable snake_case code and a human sentence. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    /** Extra fields merged into the error body (e.g. the current ticket on a 409). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what = 'Resource') => new AppError(404, 'not_found', `${what} not found.`);
export const unprocessable = (message: string, field?: string) =>
  new AppError(422, 'validation_failed', message, field ? { field } : undefined);

/** Maps Fastify's own error codes to our stable codes. */
const FASTIFY_CODES: Record<string, [number, ErrorCode, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'malformed_json', 'The request body is not valid JSON.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'malformed_json', 'The request body is empty but declared as JSON.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type', 'This content type is not accepted here.'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large', 'The request body is too large.'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'bad_request', 'The Content-Length header does not match the body.'],
  FST_ERR_BAD_URL: [400, 'bad_url', 'The request path is not valid (it must be UTF-8, percent-encoded).'],
  FST_ERR_ASYNC_CONSTRAINT: [400, 'bad_request', 'The request could not be routed.'],
};

/** Fastify's `frameworkErrors`: errors raised before a route runs (e.g. a path that is not valid UTF-8). */
export function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const [status, code, message] = FASTIFY_CODES[error.code] ?? [400, 'bad_request', 'The request could not be read.'];
  reply.code(status).send({ error: { code, message } });
}

/** Node's HTTP parser refused the request (bad framing, oversized headers): answer in our shape and close. */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) return void socket.destroy();
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const body = JSON.stringify({
    error: tooLarge
      ? { code: 'headers_too_large', message: 'The request headers are too large.' }
      : { code: 'bad_request', message: 'The request could not be parsed as HTTP.' },
  });
  socket.end(`HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
    `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}
/** Seconds a client is asked to wait after a 503 (every 503 carries it: see the onSend hook below). */
export const RETRY_AFTER_SECONDS = 5;

export function registerErrorHandling(app: FastifyInstance): void {
  // The one error body: route schemas reference it (`errorResponses`), so it is registered with the handler.
  app.addSchema(ErrorBody);
  // Every 503 (a dependency down, the server closing) tells clients when to come back.
  app.addHook('onSend', async (_request, reply) => {
    if (reply.statusCode === 503 && !reply.hasHeader('retry-after')) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ error: { code: 'not_found', message: `No route for ${request.method} ${request.url.split('?')[0]}.` } });
  });

  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      if (error.statusCode >= 500) request.log.error({ err: error, cause: (error as { cause?: unknown }).cause }, error.code);
      return reply.code(error.statusCode).send({ error: { code: error.code, message: error.message, ...error.details } });
    }
    if (error.validation) {
      const message = describeValidation(error);
      return reply.code(422).send({ error: { code: 'validation_failed', message } });
    }
    const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (mapped) return reply.code(mapped[0]).send({ error: { code: mapped[1], message: mapped[2] } });
    if (error.name === 'SyntaxError' && error.statusCode === 400) {
      return reply.code(400).send({ error: { code: 'malformed_json', message: 'The request body is not valid JSON.' } });
    }
    if (isDatabaseUnavailable(error)) {
      request.log.error({ err: error }, 'database unavailable');
      return reply.code(503).send({ error: { code: 'database_unavailable', message: 'The database is unavailable; try again shortly.' } });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = status === 429 ? 'rate_limited' : status === 413 ? 'payload_too_large' : 'bad_request';
      return reply.code(status).send({ error: { code, message: error.message } });
    }
    // 5xx: log everything, reveal nothing.
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({ error: { code: 'internal_error', message: 'Something went wrong on our side.' } });
  });
}

function describeValidation(error: FastifyError): string {
  const first = error.validation?.[0];
  if (!first) return error.message;
  const where = error.validationContext ?? 'body';
  const missing = (first.params as { missingProperty?: string })?.missingProperty;
  const extra = (first.params as { additionalProperty?: string })?.additionalProperty;
  const pathText = first.instancePath ? first.instancePath.slice(1).replace(/\//g, '.') : '';
  if (missing) return `${where}.${pathText ? `${pathText}.` : ''}${missing} is required.`;
  if (extra) return `${where}.${pathText ? `${pathText}.` : ''}${extra} is not allowed.`;
  return `${where}${pathText ? `.${pathText}` : ''} ${first.message ?? 'is invalid'}.`;
}
