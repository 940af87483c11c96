import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { SocketHub } from './socket-hub.js';

/** A real ws server whose sockets are handed to a SocketHub; `cleaned` counts cleanups per client. */
async function startServer(hub: SocketHub) {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const cleaned = new Map<string, number>();
  server.on('connection', (socket, request) => {
    const name = new URL(request.url ?? '/', 'http://x').searchParams.get('name') ?? '';
    hub.add(socket, () => cleaned.set(name, (cleaned.get(name) ?? 0) + 1));
    socket.send('ready');
  });
  const { port } = server.address() as { port: number };
  const connect = async (name: string, options: WebSocket.ClientOptions = {}) => {
    const client = new WebSocket(`ws://127.0.0.1:${port}/?name=${name}`, options);
    await new Promise((resolve) => client.once('message', resolve));
    return client;
  };
  return { server, cleaned, connect };
}

describe('SocketHub', () => {
  const closers: (() => void)[] = [];
  afterEach(() => closers.splice(0).forEach((close) => close()));

  it('cleans up exactly once when a client closes or vanishes', async () => {
    const hub = new SocketHub({ pingIntervalMs: 60_000, maxBufferedBytes: 1 << 20 });
    const { server, cleaned, connect } = await startServer(hub);
    closers.push(() => hub.close(), () => server.close());
    const polite = await connect('polite');
    const abrupt = await connect('abrupt');
    expect(hub.size).toBe(2);
    polite.close();
    abrupt.terminate();
    await vi.waitFor(() => expect(hub.size).toBe(0));
    expect(Object.fromEntries(cleaned)).toEqual({ polite: 1, abrupt: 1 });
  });

  it('terminates a socket that stops answering pings and keeps one that answers', async () => {
    const hub = new SocketHub({ pingIntervalMs: 200, maxBufferedBytes: 1 << 20 });
    const { server, cleaned, connect } = await startServer(hub);
    closers.push(() => hub.close(), () => server.close());
    const healthy = await connect('healthy');
    // A peer that is gone without a close frame looks like this from the server: pings go unanswered.
    const dead = await connect('dead', { autoPong: false });
    await vi.waitFor(() => expect(cleaned.get('dead')).toBe(1), { timeout: 5000 });
    expect(cleaned.get('healthy')).toBeUndefined();
    expect(healthy.readyState).toBe(WebSocket.OPEN);
    expect(hub.size).toBe(1);
    healthy.close();
    dead.terminate();
  });

  it('sends frames as JSON and skips sockets that are no longer open', async () => {
    const hub = new SocketHub({ pingIntervalMs: 60_000, maxBufferedBytes: 1 << 20 });
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    closers.push(() => hub.close(), () => server.close());
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const serverSide = new Promise<WebSocket>((resolve) => server.once('connection', resolve));
    const client = new WebSocket(`ws://127.0.0.1:${(server.address() as { port: number }).port}`);
    const socket = await serverSide;
    hub.add(socket, () => {});
    const received = new Promise((resolve) => client.once('message', (data) => resolve(JSON.parse(String(data)))));
    hub.send(socket, { type: 'message.created', data: { message: { body: 'hi' } } });
    expect(await received).toEqual({ type: 'message.created', data: { message: { body: 'hi' } } });
    client.close();
    await vi.waitFor(() => expect(hub.size).toBe(0));
    expect(() => hub.send(socket, { type: 'message.created', data: {} })).not.toThrow();
  });
});
