import type { WebSocket } from 'ws';
import type { LiveEvent } from './events.js';

export interface SocketHubOptions {
  /** How often every socket is pinged; a socket that did not answer the previous ping is terminated. */
  pingIntervalMs: number;
  /** A socket whose unsent backlog exceeds this is a slow or stuck consumer: it is dropped, not buffered for. */
  maxBufferedBytes: number;
}

/**
 * Tracks the open live sockets of one server. Dead peers (half-open TCP, sleeping laptops) never send
 * a close frame, so each socket is pinged and terminated when the pong does not come back; every
 * socket's cleanup (its event-bus subscription) runs exactly once, when it closes for any reason.
 */
export class SocketHub {
  private readonly sockets = new Map<WebSocket, { alive: boolean }>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: SocketHubOptions) {}

  get size(): number {
    return this.sockets.size;
  }

  add(socket: WebSocket, cleanup: () => void): void {
    if (socket.readyState !== socket.OPEN) {
      cleanup();
      return;
    }
    const state = { alive: true };
    this.sockets.set(socket, state);
    socket.on('pong', () => {
      state.alive = true;
    });
    socket.once('close', () => {
      this.sockets.delete(socket);
      cleanup();
    });
    if (!this.timer) {
      this.timer = setInterval(() => this.sweep(), this.options.pingIntervalMs);
      this.timer.unref();
    }
  }

  /** Sends one frame; never throws into the publisher (the event bus calls this synchronously). */
  send(socket: WebSocket, event: LiveEvent): void {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > this.options.maxBufferedBytes) {
      socket.terminate();
      return;
    }
    try {
      socket.send(JSON.stringify(event));
    } catch {
      socket.terminate();
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const socket of this.sockets.keys()) socket.terminate();
  }

  private sweep(): void {
    for (const [socket, state] of this.sockets) {
      if (!state.alive) {
        socket.terminate();
        continue;
      }
      state.alive = false;
      socket.ping();
    }
  }
}
