import { ApiError, type Api, type ChatMessage } from './api.js';
import { backoffDelay } from './backoff.js';
import { socketUrl } from './config.js';
import { fileProblem, uploadFailureText } from './files.js';
import { t } from './i18n.js';
import { countUnread, findUpload, mergeMessages, newestTime, reconcilePending, type PendingMessage } from './messages.js';
import type { StoredConversation, WidgetStore } from './storage.js';
import { isVisitorTicket, mergeTicket, type VisitorTicket } from './tickets.js';
import { Throttle, TypingNames } from './typing.js';

/**
 * The part of a WebSocket the session uses: a browser `WebSocket` and the `ws` package's both satisfy it
 * (event parameters are `any` because their event types differ; we read `data` and `code` only).
 */
export interface SocketLike {
  onopen: ((event: any) => void) | null;
  onmessage: ((event: any) => void) | null;
  onclose: ((event: any) => void) | null;
  send(data: string): void;
  close(code?: number): void;
}

/** A file on its way to the server (kept in memory only: a File cannot be stored for a reload). */
export interface UploadState {
  key: string;
  name: string;
  /** 0..1 */
  progress: number;
  /** The connection is lost: it is sent again when it is back. */
  waiting: boolean;
}

interface QueuedUpload extends UploadState {
  file: Blob & { name: string };
  /** Set once an attempt started: the newest message time then (see PendingMessage.attemptedAfter). */
  attemptedAfter?: string;
}

/** idle: no conversation yet · connecting · online: live socket open · offline: socket lost, reconnecting. */
export type Connection = 'idle' | 'connecting' | 'online' | 'offline';

export interface ChatState {
  messages: ChatMessage[];
  pending: PendingMessage[];
  connection: Connection;
  /** Sends are failing for lack of a connection: queued messages wait and are retried. */
  waiting: boolean;
  /** Owner replies the visitor has not seen with the panel open. */
  unread: number;
  hasConversation: boolean;
  /** Names of the teammates typing a reply right now. */
  typing: string[];
  uploads: UploadState[];
  /** Tickets the team made visible in this conversation ("Your request #12 — In progress"). */
  tickets: VisitorTicket[];
}

export interface ChatSessionOptions {
  api: Api;
  store: WidgetStore;
  siteKey: string;
  origin: string;
  openSocket: (url: string) => SocketLike;
  pageUrl: () => string | undefined;
  random?: () => number;
  /** The clock for the typing throttle. */
  now?: () => number;
}

/**
 * The visitor's side of one conversation, without any DOM: what to show (messages, queued messages,
 * connection) and the rules for staying in sync. Messages are queued first and sent one by one in
 * order; a send that finds no connection waits and is retried (backoff, the socket reopening, or the
 * browser coming back online). Every time the socket opens the history is fetched again, so nothing
 * said while the visitor was away is missed. A 404 means the owner deleted the conversation: it is
 * forgotten and the next message starts a new one.
 */
export class ChatSession {
  private conversation: StoredConversation | null;
  private messages: ChatMessage[] = [];
  private tickets: VisitorTicket[] = [];
  /** Per ticket-list request in flight, the tickets that arrived live meanwhile: its answer may predate them. */
  private readonly ticketsDuringLoads = new Set<VisitorTicket[]>();
  private pending: PendingMessage[];
  private uploads: QueuedUpload[] = [];
  private uploading = false;
  private uploadAttempts = 0;
  private uploadTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly typingThrottle: Throttle;
  private readonly typingNames = new TypingNames(() => this.emit());
  private socket: SocketLike | null = null;
  private connection: Connection = 'idle';
  private waiting = false;
  private flushing = false;
  private stopped = false;
  private socketAttempts = 0;
  private sendAttempts = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<() => void>();
  /** A queued message the server refused for good (e.g. 422): the view hands the text back to the visitor. */
  onRejected: (body: string, error: ApiError) => void = () => {};
  /** A file the server refused (too big, wrong type, rate limited): the sentence to show. */
  onUploadRejected: (text: string) => void = () => {};

  constructor(private readonly options: ChatSessionOptions) {
    this.conversation = options.store.loadConversation();
    this.pending = options.store.loadOutbox();
    this.typingThrottle = new Throttle(undefined, options.now);
  }

  get state(): ChatState {
    return {
      messages: this.messages,
      pending: this.pending,
      connection: this.connection,
      waiting: this.waiting,
      unread: countUnread(this.messages, this.conversation?.seenAt ?? ''),
      hasConversation: this.conversation !== null,
      typing: this.typingNames.names,
      uploads: this.uploads.map(({ key, name, progress, waiting }) => ({ key, name, progress, waiting })),
      tickets: this.tickets,
    };
  }

  /** The conversation's id and token, or null before the first message. */
  get current(): { id: string; token: string } | null {
    return this.conversation ? { id: this.conversation.id, token: this.conversation.token } : null;
  }

  /** The visitor token of the conversation ('' for none): file links carry it. */
  get token(): string {
    return this.conversation?.token ?? '';
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resumes a stored conversation (history + live socket) and sends what is still queued. */
  start(): void {
    if (this.conversation) {
      void this.refreshHistory();
      this.connect();
    }
    void this.flush();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.uploadTimer);
    this.closeSocket();
  }

  /** Queues a message and sends it as soon as possible. `visitor` only counts for the first message. */
  send(body: string, visitor?: { name?: string; email?: string }): void {
    const key = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
    this.pending = [...this.pending, { key, body, ...(this.conversation || !visitor ? {} : { visitor }) }];
    this.saveOutbox();
    this.emit();
    void this.flush();
  }

  /** The visitor is typing: tells the team, at most once per 2 s, when the socket is open. */
  typing(): void {
    if (this.connection === 'online' && this.socket && this.typingThrottle.take()) this.socket.send('{"type":"typing"}');
  }

  /**
   * Sends a file as a message of its own (after the conversation has started: the first message
   * starts it). Returns why the file cannot be sent, or null when it was queued.
   */
  attach(file: Blob & { name: string }): string | null {
    if (!this.conversation) return t('noFilesYet');
    const problem = fileProblem(file);
    if (problem) return problem;
    const key = `u${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
    this.uploads = [...this.uploads, { key, name: file.name, progress: 0, waiting: false, file }];
    this.emit();
    void this.flushUploads();
    return null;
  }

  /** The browser is back online (or the tab visible again): try now instead of waiting for a timer. */
  retryNow(): void {
    if (this.stopped) return;
    if (this.conversation && !this.socket) this.connect();
    if (this.pending.length > 0) {
      clearTimeout(this.retryTimer);
      void this.flush();
    }
    if (this.uploads.length > 0) {
      clearTimeout(this.uploadTimer);
      void this.flushUploads();
    }
  }

  /** The panel is open: everything up to the newest message counts as seen (also in other tabs). */
  markSeen(): void {
    const newest = newestTime(this.messages);
    if (!this.conversation || newest <= this.conversation.seenAt) return;
    this.conversation = { ...this.conversation, seenAt: newest };
    this.options.store.saveConversation(this.conversation);
    this.emit();
  }

  /** Another tab started, switched or forgot the conversation (a `storage` event). */
  adopt(stored: StoredConversation | null): void {
    if (stored && stored.id === this.conversation?.id) {
      this.conversation = stored;
      this.emit();
      return;
    }
    this.closeSocket();
    this.messages = [];
    this.tickets = [];
    this.conversation = stored;
    this.connection = 'idle';
    if (stored) {
      void this.refreshHistory();
      this.connect();
    }
    this.emit();
  }

  private async flush(): Promise<void> {
    if (this.flushing || this.stopped) return;
    this.flushing = true;
    try {
      while (this.pending.length > 0 && !this.stopped) {
        const item = this.pending[0]!;
        const target = this.conversation;
        try {
          await this.deliver(item);
        } catch (error) {
          const failure = error instanceof ApiError ? error : new ApiError(0, 'network', String(error));
          if (failure.retryable) {
            this.setWaiting(true);
            this.retryTimer = setTimeout(() => void this.flush(), backoffDelay(this.sendAttempts++, { random: this.options.random }));
            return;
          }
          if (failure.status === 404 && target) {
            // The conversation is gone: forget it; the same message then starts a new one.
            if (this.conversation?.id === target.id) this.forget();
            this.replacePending(item.key, { key: item.key, body: item.body });
            continue;
          }
          this.removePending(item);
          this.onRejected(item.body, failure);
          continue;
        }
        this.removePending(item);
        this.sendAttempts = 0;
        this.setWaiting(false);
      }
    } finally {
      this.flushing = false;
    }
  }

  private async deliver(item: PendingMessage): Promise<void> {
    const { api, store, siteKey, pageUrl } = this.options;
    const conversation = this.conversation;
    if (!conversation) {
      const started = await api.startConversation(siteKey, { body: item.body, visitor: item.visitor, pageUrl: pageUrl() });
      this.conversation = { id: started.conversation.id, token: started.visitorToken, seenAt: started.message.createdAt };
      store.saveConversation(this.conversation);
      this.messages = mergeMessages([], [started.message]);
      this.connect();
      return;
    }
    if (item.attemptedAfter !== undefined) {
      // An earlier attempt got no answer, so the server may have stored it: check before sending again.
      await this.loadHistory(conversation);
      if (!this.pending.some((p) => p.key === item.key)) return;
    }
    this.replacePending(item.key, { ...item, attemptedAfter: newestTime(this.messages) });
    const message = await api.sendMessage(conversation.id, conversation.token, item.body);
    if (this.conversation?.id === conversation.id) this.messages = mergeMessages(this.messages, [message]);
  }

  /** Sends queued files one by one; a lost connection keeps them (in memory) for the next try. */
  private async flushUploads(): Promise<void> {
    if (this.uploading || this.stopped) return;
    this.uploading = true;
    try {
      while (this.uploads.length > 0 && !this.stopped) {
        const item = this.uploads[0]!;
        try {
          await this.deliverUpload(item);
        } catch (error) {
          const failure = error instanceof ApiError ? error : new ApiError(0, 'network', String(error));
          if (failure.retryable && failure.status !== 429) {
            this.updateUpload(item.key, { waiting: true, progress: 0 });
            this.uploadTimer = setTimeout(() => void this.flushUploads(), backoffDelay(this.uploadAttempts++, { random: this.options.random }));
            return;
          }
          this.removeUpload(item.key);
          this.onUploadRejected(uploadFailureText(item.name, failure));
          continue;
        }
        this.removeUpload(item.key);
        this.uploadAttempts = 0;
      }
    } finally {
      this.uploading = false;
    }
  }

  private async deliverUpload(item: QueuedUpload): Promise<void> {
    const conversation = this.conversation;
    if (!conversation) throw new ApiError(404, 'not_found', 'The conversation is gone.');
    if (item.attemptedAfter !== undefined) {
      // The last try got no answer, so the file may have arrived: the history tells before sending it twice.
      await this.loadHistory(conversation);
      if (findUpload(this.messages, item.name, item.file.size, item.attemptedAfter)) return;
    }
    this.updateUpload(item.key, { waiting: false, attemptedAfter: newestTime(this.messages) });
    const message = await this.options.api.uploadFile(conversation.id, conversation.token, item.file, (progress) => this.updateUpload(item.key, { progress }));
    if (this.conversation?.id === conversation.id) this.messages = mergeMessages(this.messages, [message]);
  }

  private updateUpload(key: string, change: Partial<QueuedUpload>): void {
    this.uploads = this.uploads.map((u) => (u.key === key ? { ...u, ...change } : u));
    this.emit();
  }

  private removeUpload(key: string): void {
    this.uploads = this.uploads.filter((u) => u.key !== key);
    this.emit();
  }

  /** Fetches the whole history (throws on failure), merges it, and drops queued messages it shows delivered. */
  private async loadHistory(conversation: StoredConversation): Promise<void> {
    const items = await this.options.api.listMessages(conversation.id, conversation.token);
    if (this.conversation?.id !== conversation.id) return;
    this.messages = mergeMessages(this.messages, items);
    const pending = reconcilePending(this.pending, items);
    if (pending.length !== this.pending.length) {
      this.pending = pending;
      this.saveOutbox();
      // A send whose answer was lost shows up delivered here (a refresh can land before its retry): with
      // nothing left queued, nothing is waiting — the retry would find no work and never say so.
      if (pending.length === 0) this.stopWaiting();
    }
    this.emit();
  }

  /** Like loadHistory, but failures only matter when they say the conversation is gone. */
  private async refreshHistory(): Promise<void> {
    const conversation = this.conversation;
    if (!conversation) return;
    try {
      await this.loadHistory(conversation);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404 && this.conversation?.id === conversation.id) this.forget();
      return;
    }
    await this.loadTickets(conversation);
  }

  /** The visible tickets; a failure keeps what is shown (the next refresh or frame catches up). */
  private async loadTickets(conversation: StoredConversation): Promise<void> {
    const arrived: VisitorTicket[] = [];
    this.ticketsDuringLoads.add(arrived);
    try {
      const items = await this.options.api.listTickets(conversation.id, conversation.token);
      if (this.conversation?.id !== conversation.id) return;
      // The answer replaces the list (a ticket hidden again drops out), but it never undoes a live update.
      this.tickets = [...items, ...arrived].reduce(mergeTicket, [] as VisitorTicket[]);
      this.emit();
    } catch {
      // an older server without the endpoint, or offline: nothing to show
    } finally {
      this.ticketsDuringLoads.delete(arrived);
    }
  }

  private connect(): void {
    const conversation = this.conversation;
    if (!conversation || this.socket || this.stopped) return;
    clearTimeout(this.reconnectTimer);
    this.setConnection('connecting');
    let opened = false;
    const socket = this.options.openSocket(socketUrl(this.options.origin, conversation.id, conversation.token));
    this.socket = socket;
    socket.onopen = () => {
      opened = true;
      this.socketAttempts = 0;
      this.setConnection('online');
      // Whatever was said while we were away comes with the history; queued messages go out now.
      void this.refreshHistory();
      this.retryNow();
    };
    socket.onmessage = (event: { data: unknown }) => this.receive(event.data);
    socket.onclose = (event: { code: number }) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.stopped) return;
      if (event.code === 4404) return this.forget(); // the owner deleted the conversation
      // A socket refused before opening may mean an unknown conversation: the history call tells (404).
      if (!opened) void this.refreshHistory();
      this.setConnection('offline');
      this.reconnectTimer = setTimeout(() => this.connect(), backoffDelay(this.socketAttempts++, { random: this.options.random }));
    };
  }

  private receive(data: unknown): void {
    let frame: { type?: unknown; data?: { message?: ChatMessage; ticket?: unknown; conversationId?: unknown; who?: unknown; name?: unknown } };
    try {
      frame = JSON.parse(String(data));
    } catch {
      return;
    }
    // The server may have missed events (its database listener reconnected): the history fills the gap.
    if (frame.type === 'resync') return void this.refreshHistory();
    if (frame.type === 'ticket.status') {
      // The socket is this conversation's: the ticket is one of ours.
      if (isVisitorTicket(frame.data?.ticket)) {
        this.tickets = mergeTicket(this.tickets, frame.data.ticket);
        for (const arrived of this.ticketsDuringLoads) arrived.push(frame.data.ticket);
        this.emit();
      }
      return;
    }
    if (frame.type === 'conversation.typing') {
      const { conversationId, who, name } = frame.data ?? {};
      if (who === 'agent' && conversationId === this.conversation?.id) this.typingNames.typing(typeof name === 'string' && name.trim() ? name.trim() : t('someone'));
      return;
    }
    const message = frame.type === 'message.created' ? frame.data?.message : undefined;
    if (!message || typeof message.id !== 'string' || typeof message.body !== 'string') return;
    if (message.conversationId !== this.conversation?.id) return;
    this.messages = mergeMessages(this.messages, [message]);
    // Their reply is here: they are no longer typing it.
    if (message.author === 'owner') this.typingNames.stop(message.authorName?.trim());
    this.emit();
  }

  private forget(): void {
    this.closeSocket();
    this.conversation = null;
    this.messages = [];
    this.tickets = [];
    this.connection = 'idle';
    this.options.store.forgetConversation();
    this.emit();
  }

  private closeSocket(): void {
    clearTimeout(this.reconnectTimer);
    this.typingNames.stop();
    const socket = this.socket;
    this.socket = null;
    if (!socket) return;
    socket.onmessage = null;
    socket.close(1000);
  }

  private replacePending(key: string, next: PendingMessage): void {
    this.pending = this.pending.map((p) => (p.key === key ? next : p));
    this.saveOutbox();
  }

  private removePending(item: PendingMessage): void {
    this.pending = this.pending.filter((p) => p.key !== item.key);
    this.saveOutbox();
    this.emit();
  }

  private saveOutbox(): void {
    this.options.store.saveOutbox(this.pending);
  }

  private setConnection(connection: Connection): void {
    if (this.connection === connection) return;
    this.connection = connection;
    this.emit();
  }

  private stopWaiting(): void {
    clearTimeout(this.retryTimer);
    this.sendAttempts = 0;
    this.setWaiting(false);
  }

  private setWaiting(waiting: boolean): void {
    if (this.waiting === waiting) return;
    this.waiting = waiting;
    this.emit();
  }

  private emit(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
