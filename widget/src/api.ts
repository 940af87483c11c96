import type { FormField } from '../../shared/schemas/forms.js';
import type { WidgetConfig } from '../../shared/schemas/availability.js';

export type { WidgetConfig };
import { t } from './i18n.js';
import type { VisitorTicket } from './tickets.js';

/** A file carried by a message. `url`/`thumbnailUrl` are API paths; the widget adds `?token=` itself. */
export interface ChatAttachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  createdAt: string;
  url: string;
  thumbnailUrl: string | null;
}

/** A message as the visitor API answers it (`authorName`/`attachments` may be missing from older servers). */
export interface ChatMessage {
  id: string;
  conversationId: string;
  author: 'visitor' | 'owner';
  /** The teammate's display name on their replies. */
  authorName?: string | null;
  /** "" for a message that only carries a file. */
  body: string;
  attachments?: ChatAttachment[];
  createdAt: string;
}

/** Sends one file (multipart field `file`) and reports upload progress (0..1); resolves with the answer's JSON. */
export type Upload = (url: string, token: string, file: Blob & { name?: string }, onProgress: (fraction: number) => void) => Promise<unknown>;

export interface PublicForm {
  id: string;
  name: string;
  fields: FormField[];
}

export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * A failed call. `status` 0 means the request never got an answer (offline, DNS, CORS, server down):
 * worth retrying. 429 and 5xx are worth retrying too; other 4xx are final.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
  }

  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

export type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

/** The parsed JSON of an answer, or its error as an ApiError. */
function answer<T>(status: number, data: any): T {
  if (status >= 200 && status < 300) return data as T;
  const error = data?.error ?? {};
  const problems: FieldProblem[] = Array.isArray(error.problems) ? error.problems : error.field ? [{ field: error.field, message: error.message }] : [];
  throw new ApiError(status, error.code ?? 'http_error', error.message ?? t('serverAnswered', { status: String(status) }), problems);
}

/** The browser's upload: XMLHttpRequest, because fetch cannot report upload progress. */
export const xhrUpload: Upload = (url, token, file, onProgress) =>
  new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', url);
    request.setRequestHeader('x-visitor-token', token);
    request.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    request.onload = () => {
      let data: unknown = null;
      try {
        data = JSON.parse(request.responseText);
      } catch {
        // not JSON (a proxy's error page): the status speaks
      }
      try {
        resolve(answer(request.status, data));
      } catch (error) {
        reject(error);
      }
    };
    request.onerror = request.onabort = request.ontimeout = () => reject(new ApiError(0, 'network', t('noConnection')));
    const form = new FormData();
    form.append('file', file, file.name ?? 'file');
    request.send(form);
  });

/** The public (visitor) API of one FloatMessage server. No cookies: the visitor token is the only key. */
export function createApi(origin: string, fetchImpl: Fetch = (url, init) => fetch(url, init), upload: Upload = xhrUpload) {
  async function call<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers['x-visitor-token'] = token;
    let response: Response;
    try {
      response = await fetchImpl(origin + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'omit',
      });
    } catch {
      throw new ApiError(0, 'network', t('noConnection'));
    }
    return answer<T>(response.status, await response.json().catch(() => null));
  }

  const conversationPath = (id: string) => `/api/widget/conversations/${encodeURIComponent(id)}`;
  const formPath = (siteKey: string, formId: string) => `/api/widget/${encodeURIComponent(siteKey)}/forms/${encodeURIComponent(formId)}`;

  return {
    startConversation: (siteKey: string, input: { body: string; visitor?: { name?: string; email?: string }; pageUrl?: string }) =>
      call<{ conversation: { id: string }; visitorToken: string; message: ChatMessage }>(
        'POST',
        `/api/widget/${encodeURIComponent(siteKey)}/conversations`,
        { message: { body: input.body }, visitor: input.visitor, pageUrl: input.pageUrl },
      ),
    sendMessage: async (id: string, token: string, body: string) =>
      (await call<{ message: ChatMessage }>('POST', `${conversationPath(id)}/messages`, { body }, token)).message,
    listMessages: async (id: string, token: string) =>
      (await call<{ items: ChatMessage[] }>('GET', `${conversationPath(id)}/messages`, undefined, token)).items,
    /** The tickets of the conversation the team made visible (number, title, status). */
    listTickets: async (id: string, token: string) =>
      (await call<{ items: VisitorTicket[] }>('GET', `${conversationPath(id)}/tickets`, undefined, token)).items,
    /** Sends a file as a message of its own; progress goes from 0 to 1. */
    uploadFile: async (id: string, token: string, file: Blob & { name?: string }, onProgress: (fraction: number) => void) =>
      ((await upload(`${origin}${conversationPath(id)}/attachments`, token, file, onProgress)) as { message: ChatMessage }).message,
    /** Online/away state; with the conversation (id + token) also whether it still needs the visitor's email. */
    getConfig: (siteKey: string, conversation?: { id: string; token: string }) =>
      call<WidgetConfig>('GET', `/api/widget/${encodeURIComponent(siteKey)}/config${conversation ? `?conversationId=${encodeURIComponent(conversation.id)}` : ''}`, undefined, conversation?.token),
    updateContact: (id: string, token: string, contact: { name?: string; email?: string }) =>
      call<{ conversation: { id: string; visitor: { name: string | null; email: string | null } } }>('PATCH', conversationPath(id), contact, token),
    getForm: async (siteKey: string, formId: string) => (await call<{ form: PublicForm }>('GET', formPath(siteKey, formId))).form,
    submitForm: (siteKey: string, formId: string, fields: Record<string, unknown>, pageUrl?: string) =>
      call<{ submission: { id: string } }>('POST', `${formPath(siteKey, formId)}/submissions`, { fields, pageUrl }),
  };
}

export type Api = ReturnType<typeof createApi>;
