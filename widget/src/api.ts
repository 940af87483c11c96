import type { FormField } from '../../shared/schemas/forms.js';

/** A message as the visitor API answers it. */
export interface ChatMessage {
  id: string;
  conversationId: string;
  author: 'visitor' | 'owner';
  body: string;
  createdAt: string;
}

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

/** The public (visitor) API of one FloatMessage server. No cookies: the visitor token is the only key. */
export function createApi(origin: string, fetchImpl: Fetch = (url, init) => fetch(url, init)) {
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
      throw new ApiError(0, 'network', 'No connection to the server.');
    }
    const data = await response.json().catch(() => null);
    if (!response.ok) {
      const error = data?.error ?? {};
      const problems: FieldProblem[] = Array.isArray(error.problems) ? error.problems : error.field ? [{ field: error.field, message: error.message }] : [];
      throw new ApiError(response.status, error.code ?? 'http_error', error.message ?? `The server answered ${response.status}.`, problems);
    }
    return data as T;
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
    getForm: async (siteKey: string, formId: string) => (await call<{ form: PublicForm }>('GET', formPath(siteKey, formId))).form,
    submitForm: (siteKey: string, formId: string, fields: Record<string, unknown>, pageUrl?: string) =>
      call<{ submission: { id: string } }>('POST', `${formPath(siteKey, formId)}/submissions`, { fields, pageUrl }),
  };
}

export type Api = ReturnType<typeof createApi>;
