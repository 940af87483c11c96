import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { SocketHub } from './socket-hub.js';

/**
 * A client that stops reading (a frozen tab, a hostile peer) must not make the server buffer for it
 * without end: once its unsent backlog passes the cap it is dropped, and readers that keep up are unaffected.
 */
describe('SocketHub and a slow consumer', () => {
  const closers: (() => void)[] = [];
  afterEach(() => closers.splice(0).forEach((close) => close()));

  it('drops a socket that stops reading once its backlog passes the cap, and keeps serving the others', async () => {
    const hub = new SocketHub({ pingIntervalMs: 60_000, maxBufferedBytes: 256 * 1024 });
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    closers.push(() => hub.close(), () => server.close());
    const serverSockets: WebSocket[] = [];
    server.on('connection', (socket) => {
      serverSockets.push(socket);
      hub.add(socket, () => {});
      socket.send('ready');
    });
    const { port } = server.address() as { port: number };
    const connect = async () => {
      const client = new WebSocket(`ws://127.0.0.1:${port}/`);
      await new Promise((resolve) => client.once('message', resolve));
      closers.push(() => client.terminate());
      return client;
    };

    const stuck = await connect();
    const healthy = await connect();
    let healthyFrames = 0;
    healthy.on('message', () => healthyFrames++);
    // The stuck client's TCP reader stops: the kernel buffers fill, then the server-side backlog grows.
    (stuck as unknown as { _socket: { pause(): void } })._socket.pause();
    const [stuckOnServer] = serverSockets;

    const frame = { type: 'ticket.updated' as const, data: { filler: 'x'.repeat(128 * 1024) } };
    let sent = 0;
    // Up to 64 MB in all: far beyond any loopback socket buffer, so the cap must be what stops it.
    while (stuckOnServer!.readyState === WebSocket.OPEN && sent < 512) {
      for (const socket of serverSockets) hub.send(socket, frame);
      sent++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(stuckOnServer!.readyState).not.toBe(WebSocket.OPEN);
    expect(sent).toBeLessThan(512);
    // Everything sent to the reader that kept up arrives.
    await vi.waitFor(() => expect(healthyFrames).toBe(sent), { timeout: 20_000 });
    expect(healthy.readyState).toBe(WebSocket.OPEN);
  }, 60_000);
});
