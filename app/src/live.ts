import { useEffect, useRef, useSyncExternalStore } from 'react';
import { parseLiveFrame } from './live-data';
import type { LiveEvent } from './live-data';

export type LiveStatus = 'connecting' | 'open' | 'offline';

type Listener = (event: LiveEvent) => void;

const MIN_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;

/**
 * The owner's live feed (`/api/ws`, authenticated by the session cookie). Reconnects with capped,
 * jittered exponential backoff; after a reconnect it emits `live.resync` because events sent while
 * the socket was down are not replayed, so views refetch what they show.
 */
class LiveConnection {
  private socket: WebSocket | null = null;
  private listeners = new Set<Listener>();
  private statusListeners = new Set<() => void>();
  private status: LiveStatus = 'offline';
  private attempts = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private wanted = false;
  private hasConnectedBefore = false;

  start(): void {
    if (this.wanted) return;
    this.wanted = true;
    this.connect();
  }

  stop(): void {
    this.wanted = false;
    this.hasConnectedBefore = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.socket?.close(1000, 'signed out');
    this.socket = null;
    this.setStatus('offline');
  }

  /** Sends a frame if the socket is open; live hints (typing) are simply dropped while offline. */
  send(frame: { type: string; data?: unknown }): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  subscribeStatus = (listener: () => void): (() => void) => {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  };

  getStatus = (): LiveStatus => this.status;

  private connect(): void {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${location.host}/api/ws`);
    this.socket = socket;
    this.setStatus('connecting');
    socket.onopen = () => {
      this.attempts = 0;
      this.setStatus('open');
      if (this.hasConnectedBefore) this.emit({ type: 'live.resync' });
      this.hasConnectedBefore = true;
    };
    socket.onmessage = (message) => {
      const event = parseLiveFrame(message.data);
      if (event) this.emit(event);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.setStatus('offline');
      // 4403: removed from the workspace; the session is gone, so reconnecting would only be refused.
      if (event.code === 4403) this.emit({ type: 'workspace.left' });
      // 4401: the session this socket was opened with has ended; reconnecting would only be refused.
      else if (event.code === 4401) this.emit({ type: 'session.ended' });
      else if (this.wanted) this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    const base = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** this.attempts);
    this.attempts += 1;
    const delay = base / 2 + Math.random() * (base / 2);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.wanted) this.connect();
    }, delay);
  }

  private emit(event: LiveEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  private setStatus(status: LiveStatus): void {
    if (this.status === status) return;
    this.status = status;
    for (const listener of [...this.statusListeners]) listener();
  }
}

export const live = new LiveConnection();

/** Calls `handler` for every live event while the component is mounted (always the latest handler). */
export function useLiveEvents(handler: Listener): void {
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => live.subscribe((event) => ref.current(event)), []);
}

export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(live.subscribeStatus, live.getStatus);
}
