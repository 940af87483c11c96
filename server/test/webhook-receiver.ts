import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ReceivedHook {
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The raw body, exactly as sent (signatures are over these bytes). */
  body: string;
}

/** What the receiver does with one request: answer with a status (and body), or never answer. */
export type ReceiverAnswer = { status: number; body?: string; headers?: Record<string, string> } | 'hang';

/** A real HTTP receiver on loopback for webhook tests: records every request, answers as told. */
export class WebhookReceiver {
  readonly received: ReceivedHook[] = [];
  /** Decides each answer (default 200); `index` counts requests from 0. */
  answer: (hook: ReceivedHook, index: number) => ReceiverAnswer = () => ({ status: 200 });
  private readonly hanging = new Set<http.ServerResponse>();

  private constructor(private readonly server: http.Server, readonly url: string) {}

  static async start(): Promise<WebhookReceiver> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const receiver = new WebhookReceiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const hook = { path: request.url ?? '/', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
        const index = receiver.received.length;
        receiver.received.push(hook);
        const answer = receiver.answer(hook, index);
        if (answer === 'hang') {
          receiver.hanging.add(response);
          return;
        }
        response.writeHead(answer.status, answer.headers ?? {}).end(answer.body ?? '');
      });
    });
    return receiver;
  }

  /** Waits (polling, bounded) until `check` holds for what arrived so far; fails with what did arrive. */
  async waitFor(check: (received: ReceivedHook[]) => boolean, what: string, boundMs = 20_000): Promise<void> {
    for (const started = Date.now(); !check(this.received);) {
      if (Date.now() - started > boundMs) throw new Error(`receiver: still waiting for ${what}; got ${this.received.length} request(s)`);
      await sleep(25);
    }
  }

  /** Answers every request left hanging so far with `status`. */
  release(status = 200): void {
    for (const response of this.hanging) response.writeHead(status).end();
    this.hanging.clear();
  }

  async close(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
