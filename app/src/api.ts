import type { ApiTokenSummary, CreatedToken, Me, User } from '../../shared/schemas/accounts';
import type { MailStatus, SignupPolicy } from '../../shared/schemas/account-recovery';
import type { AvailabilitySettings, NotificationPrefs } from '../../shared/schemas/availability';
import type { ConversationSummary, ConversationDetail, ConversationStatus, Message, UnreadCounts } from '../../shared/schemas/chat';
import type { Page } from '../../shared/schemas/common';
import type { CreateFormBody, Form, SubmissionDetail, SubmissionListItem } from '../../shared/schemas/forms';
import type { CreateSavedReplyBody, SavedReply } from '../../shared/schemas/saved-replies';
import type { StorageUsage } from '../../shared/schemas/storage';
import type { Tag } from '../../shared/schemas/tags';
import type { CreatedInvite, InvitePreview, Team } from '../../shared/schemas/team';
import type { TicketActivity } from '../../shared/schemas/ticket-activity';
import type {
  Attachment, FirstResponseReport, ResolutionReport, Ticket, TicketListItem, TicketPriority, TicketStatus, VolumeReport,
} from '../../shared/schemas/tickets';
import type { ConversationFilters } from './inbox';
import { isErrorCode, type ErrorCode } from '../../shared/error-codes';

export interface TicketFilters {
  status: 'open' | 'closed' | 'all';
  q: string;
  /** `me`, `none` or a user id. */
  assignee?: string | null;
  tag?: string | null;
  priority?: string | null;
  due?: string | null;
  sort?: string | null;
  order?: string | null;
}

export interface TicketChanges {
  status?: TicketStatus;
  notes?: string;
  title?: string;
  assigneeId?: string | null;
  tags?: string[];
  priority?: TicketPriority;
  /** ISO-8601 or null. */
  dueAt?: string | null;
  visibleToVisitor?: boolean;
}

/** Any failed API call: the HTTP status (0 when the server could not be reached) and the API's error code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** The server's code (shared/error-codes.ts), or one of the dashboard's own when no answer could be read. */
    readonly code: ErrorCode | 'network_error' | 'http_error' | 'aborted' | 'client_error',
    message: string,
    /** The whole `error` object of the answer (e.g. `ticket` on a 409 version conflict). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let onUnauthorized: () => void = () => {};
/** Called when a signed-in request answers 401 (session ended): the app returns to the sign-in screen. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';

async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network_error', 'Cannot reach the server. Check your connection and try again.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const parsed = parseJson(text);
  if (!response.ok) {
    const error = errorFrom(response.status, parsed);
    if (error.status === 401 && !path.startsWith('/api/auth/') && path !== '/api/me') onUnauthorized();
    throw error;
  }
  return parsed as T;
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorFrom(status: number, body: unknown): ApiError {
  const error = (body as { error?: Record<string, unknown> } | undefined)?.error;
  if (error && typeof error.message === 'string') {
    // `ticket` may travel next to the error (409 ticket_exists) rather than inside it.
    const ticket = (body as { ticket?: unknown }).ticket;
    return new ApiError(status, isErrorCode(error.code) ? error.code : 'http_error', error.message, ticket === undefined ? error : { ...error, ticket });
  }
  const fallback = status === 413 ? 'The file is too large.' : `The server answered ${status}.`;
  return new ApiError(status, 'http_error', fallback);
}

const query = (params: Record<string, string | number | undefined | null>) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
};

const enc = encodeURIComponent;

export interface BulkChanges {
  status?: TicketStatus;
  assigneeId?: string | null;
  priority?: TicketPriority;
  addTags?: string[];
  removeTags?: string[];
}

/** From a source (409 ticket_exists unless allowDuplicate), or by hand with a title. */
export type NewTicketInput =
  | { conversationId: string; allowDuplicate?: boolean }
  | { formSubmissionId: string; allowDuplicate?: boolean }
  | { title: string; visitor?: { name?: string; email?: string }; notes?: string };

export const api = {
  me: () => request<Me>('GET', '/api/me'),
  signup: (input: { email: string; password: string; name?: string; inviteToken?: string }) =>
    request<{ user: User }>('POST', '/api/auth/signup', input),
  switchWorkspace: (ownerId: string) => request<Me>('POST', '/api/me/workspace', { ownerId }),

  team: () => request<Team>('GET', '/api/team'),
  createInvite: (email?: string) => request<CreatedInvite>('POST', '/api/team/invites', email ? { email } : {}),
  revokeInvite: (id: string) => request<void>('DELETE', `/api/team/invites/${enc(id)}`),
  removeMember: (userId: string) => request<void>('DELETE', `/api/team/members/${enc(userId)}`),
  previewInvite: (token: string) => request<InvitePreview>('GET', `/api/invites/${enc(token)}`),
  acceptInvite: (token: string) => request<Me>('POST', `/api/invites/${enc(token)}/accept`),

  listTags: async () => (await request<Page<Tag>>('GET', '/api/tags?limit=200')).items,
  renameTag: async (id: string, name: string) => (await request<{ tag: Tag }>('PATCH', `/api/tags/${enc(id)}`, { name })).tag,
  deleteTag: (id: string) => request<void>('DELETE', `/api/tags/${enc(id)}`),
  ticketActivity: (id: string, cursor?: string | null) =>
    request<Page<TicketActivity>>('GET', `/api/tickets/${enc(id)}/activity${query({ cursor, limit: 100 })}`),
  login: (input: { email: string; password: string }) => request<{ user: User }>('POST', '/api/auth/login', input),
  logout: () => request<void>('POST', '/api/auth/logout'),
  requestPasswordReset: (email: string) => request<void>('POST', '/api/auth/password-reset', { email }),
  checkPasswordReset: (token: string) => request<void>('POST', '/api/auth/password-reset/check', { token }),
  confirmPasswordReset: (token: string, password: string) => request<void>('POST', '/api/auth/password-reset/confirm', { token, password }),
  changePassword: (currentPassword: string, newPassword: string) => request<void>('POST', '/api/auth/password', { currentPassword, newPassword }),
  signupPolicy: () => request<SignupPolicy>('GET', '/api/auth/signup-policy'),
  mailStatus: () => request<MailStatus>('GET', '/api/settings/mail'),
  storageUsage: () => request<StorageUsage>('GET', '/api/settings/storage'),

  listTokens: () => request<{ items: ApiTokenSummary[] }>('GET', '/api/tokens'),
  createToken: (name: string) => request<CreatedToken>('POST', '/api/tokens', { name }),
  revokeToken: (id: string) => request<void>('DELETE', `/api/tokens/${enc(id)}`),

  listConversations: (filters: ConversationFilters, cursor?: string | null) =>
    request<Page<ConversationSummary>>('GET', `/api/conversations${query({ ...filters, cursor, limit: 50 })}`),
  getConversation: (id: string) => request<ConversationDetail>('GET', `/api/conversations/${enc(id)}`),
  updateConversation: async (id: string, changes: { status?: ConversationStatus; assigneeId?: string | null }) =>
    (await request<{ conversation: ConversationSummary }>('PATCH', `/api/conversations/${enc(id)}`, changes)).conversation,
  markConversationRead: (id: string) => request<void>('POST', `/api/conversations/${enc(id)}/read`),
  reply: (id: string, body: string) =>
    request<{ message: Message }>('POST', `/api/conversations/${enc(id)}/messages`, { body }),
  deleteConversation: (id: string) => request<void>('DELETE', `/api/conversations/${enc(id)}`),
  unreadCounts: () => request<UnreadCounts>('GET', '/api/me/unread'),
  markSubmissionsRead: () => request<void>('POST', '/api/submissions/read'),

  listSavedReplies: async () => (await request<{ items: SavedReply[] }>('GET', '/api/saved-replies')).items,
  // The Settings list refetches after a change, so the answers' shape is not relied on here.
  createSavedReply: (input: CreateSavedReplyBody) => request<unknown>('POST', '/api/saved-replies', input),
  updateSavedReply: (id: string, input: Partial<CreateSavedReplyBody>) => request<unknown>('PATCH', `/api/saved-replies/${enc(id)}`, input),
  deleteSavedReply: (id: string) => request<void>('DELETE', `/api/saved-replies/${enc(id)}`),

  listForms: async () => {
    const page = await request<Page<Form>>('GET', '/api/forms?limit=200');
    return page.items;
  },
  getForm: async (id: string) => (await request<{ form: Form }>('GET', `/api/forms/${enc(id)}`)).form,
  createForm: async (input: CreateFormBody) => (await request<{ form: Form }>('POST', '/api/forms', input)).form,
  updateForm: async (id: string, input: CreateFormBody) =>
    (await request<{ form: Form }>('PATCH', `/api/forms/${enc(id)}`, input)).form,
  deleteForm: (id: string) => request<void>('DELETE', `/api/forms/${enc(id)}`),

  listSubmissions: (formId?: string | null, cursor?: string | null) =>
    request<Page<SubmissionListItem>>('GET', `/api/submissions${query({ formId, cursor, limit: 50 })}`),
  getSubmission: (id: string) => request<SubmissionDetail>('GET', `/api/submissions/${enc(id)}`),
  deleteSubmission: (id: string) => request<void>('DELETE', `/api/submissions/${enc(id)}`),

  listTickets: (filters: TicketFilters, cursor?: string | null) =>
    request<Page<TicketListItem>>('GET', `/api/tickets${query({ ...filters, q: filters.q.trim(), cursor, limit: 50 })}`),
  bulkUpdateTickets: async (ids: string[], set: BulkChanges) =>
    (await request<{ tickets: Ticket[] }>('POST', '/api/tickets/bulk', { ids, set })).tickets,
  /** The CSV export's URL for these filters (downloaded by the browser itself). */
  exportTicketsUrl: (filters: TicketFilters) => `/api/tickets/export.csv${query({ ...filters, q: filters.q.trim() })}`,
  getTicket: async (id: string) => (await request<{ ticket: Ticket }>('GET', `/api/tickets/${enc(id)}`)).ticket,
  createTicket: async (input: NewTicketInput) =>
    (await request<{ ticket: Ticket }>('POST', '/api/tickets', input)).ticket,
  updateTicket: async (id: string, changes: TicketChanges & { version: number }) =>
    (await request<{ ticket: Ticket }>('PATCH', `/api/tickets/${enc(id)}`, changes)).ticket,
  deleteTicket: (id: string) => request<void>('DELETE', `/api/tickets/${enc(id)}`),
  deleteAttachment: (ticketId: string, attachmentId: string) =>
    request<void>('DELETE', `/api/tickets/${enc(ticketId)}/attachments/${enc(attachmentId)}`),

  resolutionReport: (from: string, to: string, groupBy?: 'assignee' | 'tag') =>
    request<ResolutionReport>('GET', `/api/reports/resolution${query({ from, to, groupBy })}`),
  volumeReport: (from: string, to: string) => request<VolumeReport>('GET', `/api/reports/volume${query({ from, to })}`),
  firstResponseReport: (from: string, to: string) =>
    request<FirstResponseReport>('GET', `/api/reports/first-response${query({ from, to })}`),
  getAvailability: () => request<AvailabilitySettings>('GET', '/api/settings/availability'),
  saveAvailability: (settings: AvailabilitySettings) => request<AvailabilitySettings>('PUT', '/api/settings/availability', settings),
  getNotificationPrefs: () => request<NotificationPrefs>('GET', '/api/me/notifications'),
  saveNotificationPrefs: (prefs: NotificationPrefs) => request<NotificationPrefs>('PUT', '/api/me/notifications', prefs),
};

export interface Upload<T = Attachment> {
  promise: Promise<T>;
  abort(): void;
}

/**
 * Uploads one file (multipart field `file`) with XMLHttpRequest (fetch cannot report upload progress)
 * and resolves with the parsed 2xx answer. `onProgress` receives 0..1 as bytes leave the browser.
 */
export function uploadFile<T>(url: string, file: File, onProgress: (fraction: number) => void): Upload<T> {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<T>((resolve, reject) => {
    xhr.open('POST', url);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      const body = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(body as T);
        return;
      }
      const error = errorFrom(xhr.status, body);
      if (error.status === 401) onUnauthorized();
      reject(error);
    };
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'The upload failed: the connection was interrupted.', { upload: true }));
    xhr.onabort = () => reject(new ApiError(0, 'aborted', 'Upload cancelled.'));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}

export function uploadAttachment(ticketId: string, file: File, onProgress: (fraction: number) => void): Upload {
  const upload = uploadFile<{ attachment: Attachment }>(`/api/tickets/${enc(ticketId)}/attachments`, file, onProgress);
  return { promise: upload.promise.then((body) => body.attachment), abort: upload.abort };
}

/** Sends a file into a chat: the answer is the message carrying it. */
export function uploadChatFile(conversationId: string, file: File, onProgress: (fraction: number) => void): Upload<Message> {
  const upload = uploadFile<{ message: Message }>(`/api/conversations/${enc(conversationId)}/attachments`, file, onProgress);
  return { promise: upload.promise.then((body) => body.message), abort: upload.abort };
}

/** The typed JSON request, for feature modules that keep their calls next to their screens (webhooks.ts). */
export const requestJson = request;
