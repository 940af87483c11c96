/**
 * Every `error.code` the API answers with, and what it means. The one list: `AppError` only takes these
 * (an unlisted code fails typecheck), the OpenAPI `ErrorBody` component lists them, and the dashboard
 * compares against them. No imports, so the dashboard and the widget can use it as it is.
 */
export const ERROR_CODES = {
  // Requests the server cannot read.
  bad_request: 'The request could not be read or routed.',
  bad_url: 'The request path is not valid (it must be UTF-8, percent-encoded).',
  malformed_json: 'The body is not valid JSON, or empty though declared as JSON.',
  malformed_multipart: 'The multipart/form-data body could not be read.',
  unsupported_media_type: 'This content type is not accepted here.',
  unsupported_file_type: 'The file content is not one of the allowed types (whatever its name says).',
  payload_too_large: 'The body or the file is over its size limit.',
  headers_too_large: 'The request headers are too large.',
  request_timeout: 'The body arrived too slowly.',
  validation_failed: 'A field is missing, of the wrong type or out of range; `field` may name it.',
  webhook_target_refused: 'The webhook URL resolves to a loopback, private, link-local or metadata address (allowed only with WEBHOOK_ALLOW_PRIVATE=true).',
  upgrade_required: 'A WebSocket URL was requested as plain HTTP.',
  // Who is asking.
  unauthorized: 'No valid session, API token or visitor token.',
  invalid_credentials: 'The email address or the password is wrong.',
  wrong_password: 'The current password is wrong.',
  forbidden: 'Signed in, but not allowed to do this.',
  csrf_failed: 'A cookie-authenticated change came from another origin.',
  signup_closed: 'This server does not accept new sign-ups.',
  invite_email_mismatch: 'The invite was sent to another email address.',
  reset_token_invalid: 'The password-reset link is unknown, used or expired.',
  // The resource.
  not_found: 'No such resource in this workspace (another workspace\'s ids answer the same).',
  widget_not_built: 'The widget script has not been built on this server.',
  email_taken: 'An account with this email address exists.',
  saved_reply_exists: 'A saved reply with this shortcut exists.',
  tag_exists: 'A tag with this name exists.',
  tag_conflict: 'A tag was deleted meanwhile; try again.',
  ticket_exists: 'The source already has a ticket (sent next to the error as `ticket`).',
  version_conflict: 'The ticket changed meanwhile (the current one is sent as `error.ticket`).',
  // Limits and availability.
  webhook_limit: 'The workspace already has the most webhooks it may have.',
  rate_limited: 'Too many requests; retry later.',
  storage_quota_exceeded: 'The workspace\'s file storage quota is full (507); delete files or raise WORKSPACE_STORAGE_QUOTA_MB.',
  too_many_sockets: 'Too many open sockets for this conversation.',
  database_unavailable: 'The database is unavailable; retry after Retry-After seconds.',
  storage_unavailable: 'File storage is unavailable; retry after Retry-After seconds.',
  not_ready: 'A dependency of this server is unavailable (readiness probe).',
  shutting_down: 'This server is shutting down; retry shortly.',
  internal_error: 'Something went wrong on the server.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, value);
}
