import http from 'node:http';
import https from 'node:https';
import { checkedLookup, refusedLiteral } from './targets.js';

/** What one attempt produced: a status code (any; 2xx counts as delivered) or an error sentence. */
export interface AttemptResult {
  statusCode: number | null;
  error: string | null;
  /** At most RESPONSE_LIMIT bytes of the answer's body (decoded as UTF-8 for the log). */
  response: string | null;
}

/** Response bodies are kept only this far (the delivery log shows the start of an error page). */
export const RESPONSE_LIMIT = 1024;

export interface PostOptions {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowPrivate: boolean;
}

/**
 * One POST to a webhook target. Redirects are not followed (a 3xx is just a failed attempt), the whole
 * attempt (DNS, connect, answer) is bounded by `timeoutMs`, the target is checked at send time (IP
 * literal here, names in the socket's lookup, which connects to exactly the checked address), and
 * only the first 1 KB of the answer is read. Never throws.
 */
export function postWebhook(options: PostOptions): Promise<AttemptResult> {
  const url = new URL(options.url);
  const refused = refusedLiteral(url, options.allowPrivate);
  if (refused) return Promise.resolve({ statusCode: null, error: `Refused: ${refused}`, response: null });
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: AttemptResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(result);
    };
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(url, {
      method: 'POST',
      headers: { ...options.headers, 'content-length': String(Buffer.byteLength(options.body)) },
      lookup: checkedLookup(options.allowPrivate),
      // A fresh connection per attempt: a pooled socket would skip the lookup (and its check).
      agent: false,
    });
    // Once the status line arrived, a slow body no longer matters: the answer is what it said.
    let answered: (() => void) | null = null;
    const timer = setTimeout(() => (answered ? answered() : finish({ statusCode: null, error: `No answer within ${options.timeoutMs / 1000} s.`, response: null })), options.timeoutMs);
    request.on('error', (error: Error & { code?: string }) => {
      const message = error.code === 'ETARGETREFUSED' ? `Refused: ${error.message}` : `${error.code ?? 'Error'}: ${error.message}`;
      finish({ statusCode: null, error: message.slice(0, 500), response: null });
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        const text = Buffer.concat(chunks).subarray(0, RESPONSE_LIMIT).toString('utf8');
        const status = response.statusCode ?? 0;
        const ok = status >= 200 && status < 300;
        const location = status >= 300 && status < 400 ? response.headers.location : undefined;
        const error = ok ? null : location !== undefined ? `Answered ${status} (redirects are not followed).` : `Answered ${status}.`;
        finish({ statusCode: status, error, response: text || null });
      };
      answered = done;
      response.on('data', (chunk: Buffer) => {
        if (size < RESPONSE_LIMIT) chunks.push(chunk);
        size += chunk.length;
        if (size >= RESPONSE_LIMIT) done();
      });
      response.on('end', done);
      response.on('error', done);
    });
    request.end(options.body);
  });
}
