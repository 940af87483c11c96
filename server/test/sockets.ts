import WebSocket from 'ws';
import type { App } from '../types.js';

export interface LiveFrame {
  type: string;
  data: any;
}

export interface TestSocket {
  ws: WebSocket;
  /** The next frame received (in order); fails after `waitMs` rather than hanging the suite. */
  next(waitMs?: number): Promise<LiveFrame>;
  /** Resolves when the server closes the socket. */
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

/** Starts the real HTTP server on a free port (once) and returns its ws:// base URL. */
export async function listenOnce(app: App): Promise<string> {
  if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('server is not listening on TCP');
  return `ws://127.0.0.1:${address.port}`;
}

/** Opens a real WebSocket client; rejects with the HTTP status when the upgrade is refused. */
export function openSocket(url: string, headers: Record<string, string> = {}): Promise<TestSocket> {
  const ws = new WebSocket(url, { headers });
  const frames: LiveFrame[] = [];
  const waiters: ((frame: LiveFrame) => void)[] = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as LiveFrame;
    const waiter = waiters.shift();
    if (waiter) waiter(frame);
    else frames.push(frame);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => resolve({ code, reason: String(reason) }));
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () =>
      resolve({
        ws,
        closed,
        close: () => ws.close(),
        next: (waitMs = 5000) =>
          new Promise<LiveFrame>((resolveFrame, rejectFrame) => {
            const queued = frames.shift();
            if (queued) return resolveFrame(queued);
            const timer = setTimeout(() => rejectFrame(new Error(`no frame within ${waitMs} ms`)), waitMs);
            waiters.push((frame) => {
              clearTimeout(timer);
              resolveFrame(frame);
            });
          }),
      }),
    );
    ws.once('unexpected-response', (_request, response) => {
      ws.terminate();
      reject(new SocketRefused(response.statusCode ?? 0));
    });
    ws.once('error', (error) => reject(error));
  });
}

export class SocketRefused extends Error {
  constructor(readonly status: number) {
    super(`socket refused with HTTP ${status}`);
  }
}

/** The HTTP status with which the server refuses the upgrade (fails if the socket opens). */
export async function refusedStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  try {
    const socket = await openSocket(url, headers);
    socket.close();
  } catch (error) {
    if (error instanceof SocketRefused) return error.status;
    throw error;
  }
  throw new Error(`socket to ${url} was accepted`);
}
