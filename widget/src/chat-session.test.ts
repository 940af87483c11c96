import sharp from 'sharp';
import { afterEach, beforeAll, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { describeEachEngine, json, type TestApp } from '../../server/test/app.js';
import { createOwner, type TestOwner } from '../../server/test/factories.js';
import { listenOnce, openSocket } from '../../server/test/sockets.js';
import { sql } from 'kysely';
import { appendMessage } from '../../server/commands/messages.js';
import { LocalEventBus } from '../../server/realtime/events.js';
import type { PostgresEventBus } from '../../server/realtime/postgres-bus.js';
import { ApiError, createApi, type Fetch, type Upload } from './api.js';
import { ChatSession, type ChatState } from './chat-session.js';
import { MemoryStorage, parseConversation, WidgetStore } from './storage.js';

/**
 * The widget's chat logic against the real server (HTTP + WebSocket), on both engines. Only the link
 * between them is interposed: `Network` can go down (requests fail, open sockets drop, new ones are
 * refused), or let a request reach the server and lose its answer, as flaky mobile networks do.
 */
class Network {
  up = true;
  loseNextAnswer = false;
  /** Frames the widget sent on its sockets. */
  readonly sent: string[] = [];
  /** Requests sent and not yet answered, and the answered ones as `METHOD url` (tests wait for the widget to settle). */
  inFlight = 0;
  readonly answered: string[] = [];
  private readonly sockets = new Set<WebSocket>();

  fetch: Fetch = async (url, init) => {
    if (!this.up) throw new TypeError('fetch failed');
    this.inFlight++;
    const response = await fetch(url, init).finally(() => this.inFlight--);
    this.answered.push(`${init?.method ?? 'GET'} ${String(url)}`);
    if (this.loseNextAnswer && init?.method === 'POST') {
      this.loseNextAnswer = false;
      throw new TypeError('network changed');
    }
    return response;
  };

  openSocket = (url: string) => {
    // Port 1 refuses connections: a socket opened while down fails like a browser's does.
    const socket = new WebSocket(this.up ? url : 'ws://127.0.0.1:1/');
    socket.on('error', () => {}); // browsers report a failed socket through close only
    const send = socket.send.bind(socket);
    socket.send = ((data: string) => {
      this.sent.push(data);
      send(data);
    }) as typeof socket.send;
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    return socket;
  };

  /**
   * The browser's upload is XMLHttpRequest (for progress), which Node lacks: the same multipart POST
   * through fetch, over this network, reporting completion as progress.
   */
  upload: Upload = async (url, token, file, onProgress) => {
    const form = new FormData();
    form.append('file', file, file.name);
    const response = await this.fetch(url, { method: 'POST', headers: { 'x-visitor-token': token }, body: form }).catch(() => {
      throw new ApiError(0, 'network', 'No connection to the server.');
    });
    const data = await response.json();
    if (!response.ok) throw new ApiError(response.status, data.error.code, data.error.message);
    onProgress(1);
    return data;
  };

  down(): void {
    this.up = false;
    for (const socket of this.sockets) socket.terminate();
  }
}

describeEachEngine('widget chat session', (t) => {
  let origin = '';
  const sessions: ChatSession[] = [];
  beforeAll(async () => {
    origin = (await listenOnce(t().app)).replace('ws:', 'http:');
  });
  afterEach(() => {
    for (const session of sessions.splice(0)) session.stop();
  });

  interface Tab {
    session: ChatSession;
    store: WidgetStore;
    network: Network;
    rejected: { body: string; error: ApiError }[];
  }

  /** One browser tab running the widget; tabs of one browser share `local` (localStorage). */
  function openTab(siteKey: string, local = new MemoryStorage(), network = new Network(), now?: () => number): Tab {
    const store = new WidgetStore(siteKey, local, new MemoryStorage());
    const session = new ChatSession({
      api: createApi(origin, network.fetch, network.upload),
      now,
      store,
      siteKey,
      origin,
      openSocket: network.openSocket,
      pageUrl: () => 'https://shop.example/pricing',
      random: () => 0,
    });
    const rejected: Tab['rejected'] = [];
    session.onRejected = (body, error) => rejected.push({ body, error });
    session.onUploadRejected = (text) => rejected.push({ body: text, error: new ApiError(0, 'upload', text) });
    sessions.push(session);
    session.start();
    return { session, store, network, rejected };
  }

  const until = (tab: Tab, check: (state: ChatState) => void) => vi.waitFor(() => check(tab.session.state), { timeout: 10_000, interval: 20 });
  const bodies = (state: ChatState) => state.messages.map((m) => `${m.author}: ${m.body}`);
  const reply = (t: TestApp, owner: TestOwner, id: string, body: string) =>
    t.app.inject({ method: 'POST', url: `/api/conversations/${id}/messages`, headers: owner.headers, payload: { body } });
  const serverBodies = async (owner: TestOwner, id: string) =>
    json(await t().app.inject({ method: 'GET', url: `/api/conversations/${id}`, headers: owner.headers })).messages.map((m: { author: string; body: string }) => `${m.author}: ${m.body}`);

  async function startedTab(owner: TestOwner, local?: MemoryStorage, now?: () => number) {
    const tab = openTab(owner.siteKey, local, undefined, now);
    tab.session.send('Hi, is anyone there?', { name: 'Vera', email: 'vera@example.com' });
    await until(tab, (state) => expect(state).toMatchObject({ connection: 'online', pending: [], hasConversation: true }));
    return { tab, id: tab.store.loadConversation()!.id };
  }

  it('starts the conversation with the first message, name, email and page URL; replies arrive live', async () => {
    const owner = await createOwner(t());
    const { tab, id } = await startedTab(owner);
    const list = json(await t().app.inject({ method: 'GET', url: '/api/conversations', headers: owner.headers }));
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ id, visitor: { name: 'Vera', email: 'vera@example.com' }, pageUrl: 'https://shop.example/pricing' });

    await reply(t(), owner, id, 'Hello Vera! <b>How can I help?</b>');
    await until(tab, (state) => expect(bodies(state)).toEqual(['visitor: Hi, is anyone there?', 'owner: Hello Vera! <b>How can I help?</b>']));
    expect(tab.session.state.unread).toBe(1);
    tab.session.markSeen();
    expect(tab.session.state.unread).toBe(0);

    tab.session.send('I need a bigger plan.');
    await until(tab, (state) => expect(state.pending).toEqual([]));
    expect(await serverBodies(owner, id)).toEqual(['visitor: Hi, is anyone there?', 'owner: Hello Vera! <b>How can I help?</b>', 'visitor: I need a bigger plan.']);
  });

  it('survives a reload: a new page on the same storage resumes the history, unread state and live updates', async () => {
    const owner = await createOwner(t());
    const local = new MemoryStorage();
    const { tab, id } = await startedTab(owner, local);
    tab.session.stop();
    await reply(t(), owner, id, 'Sorry, I was away.');

    const reloaded = openTab(owner.siteKey, local);
    await until(reloaded, (state) => expect(state).toMatchObject({ connection: 'online', unread: 1 }));
    expect(bodies(reloaded.session.state)).toEqual(['visitor: Hi, is anyone there?', 'owner: Sorry, I was away.']);
    await reply(t(), owner, id, 'Still there?');
    await until(reloaded, (state) => expect(bodies(state).at(-1)).toBe('owner: Still there?'));
  });

  it('refetches the history when the server says its event stream had a gap (resync)', async () => {
    const owner = await createOwner(t());
    const { tab, id } = await startedTab(owner);
    // The history fetched when the socket opened must be answered first, or it could carry the reply below
    // (on a loaded machine it is still in flight when the session reports online).
    await vi.waitFor(() => {
      expect(tab.network.answered.some((request) => request.startsWith('GET ') && request.endsWith('/messages'))).toBe(true);
      expect(tab.network.inFlight).toBe(0);
    }, { timeout: 10_000, interval: 10 });
    // A reply whose live event was lost (written without publishing), then the server's resync frame.
    await appendMessage({ db: t().app.db, engine: t().engine }, id, { ownerId: owner.user.id }, 'owner', owner.user.id, { body: 'sent during the gap' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(bodies(tab.session.state)).not.toContain('owner: sent during the gap');
    const events = t().app.events;
    if (events instanceof LocalEventBus) events.broadcast({ type: 'resync', data: {} });
    // PostgreSQL: the real gap, the server's LISTEN connection killed.
    else await sql`select pg_terminate_backend(${(events as PostgresEventBus).listenerProcessId}::int)`.execute(t().app.db);
    await until(tab, (state) => expect(bodies(state)).toContain('owner: sent during the gap'));
  });

  it('queues messages typed while offline, sends them in order when back, and fetches what was missed', async () => {
    const owner = await createOwner(t());
    const { tab, id } = await startedTab(owner);
    tab.network.down();
    await until(tab, (state) => expect(state.connection).toBe('offline'));
    tab.session.send('one');
    tab.session.send('two');
    await until(tab, (state) => expect(state).toMatchObject({ waiting: true, pending: [{ body: 'one' }, { body: 'two' }] }));
    await reply(t(), owner, id, 'said while you were offline');

    tab.network.up = true;
    tab.session.retryNow(); // what the browser's "online" event does
    await until(tab, (state) => {
      expect(state).toMatchObject({ waiting: false, pending: [], connection: 'online' });
      expect(bodies(state)).toContain('owner: said while you were offline');
    });
    expect(bodies(tab.session.state)).toEqual(await serverBodies(owner, id));
    expect(await serverBodies(owner, id)).toEqual(['visitor: Hi, is anyone there?', 'owner: said while you were offline', 'visitor: one', 'visitor: two']);
  });

  it('does not send a message twice when the answer to its first send was lost', async () => {
    const owner = await createOwner(t());
    const { tab, id } = await startedTab(owner);
    tab.network.loseNextAnswer = true;
    tab.session.send('exactly once, please');
    await until(tab, (state) => expect(state.waiting).toBe(true));
    await until(tab, (state) => expect(state).toMatchObject({ waiting: false, pending: [] }));
    expect(await serverBodies(owner, id)).toEqual(['visitor: Hi, is anyone there?', 'visitor: exactly once, please']);
    expect(bodies(tab.session.state)).toEqual(['visitor: Hi, is anyone there?', 'visitor: exactly once, please']);
  });

  it('stops waiting when a history refresh shows the send whose answer was lost delivered, before its retry', async () => {
    const owner = await createOwner(t());
    const { tab, id } = await startedTab(owner);
    tab.network.loseNextAnswer = true;
    tab.session.send('arrived after all');
    await until(tab, (state) => expect(state.waiting).toBe(true));
    // The retry is ≥ 500 ms away; a refresh (here the server's resync frame) reads the history first.
    const events = t().app.events;
    if (events instanceof LocalEventBus) events.broadcast({ type: 'resync', data: {} });
    else await sql`select pg_terminate_backend(${(events as PostgresEventBus).listenerProcessId}::int)`.execute(t().app.db);
    await until(tab, (state) => expect(state).toMatchObject({ waiting: false, pending: [] }));
    expect(bodies(tab.session.state)).toEqual(['visitor: Hi, is anyone there?', 'visitor: arrived after all']);
    expect(await serverBodies(owner, id)).toEqual(['visitor: Hi, is anyone there?', 'visitor: arrived after all']);
  });

  it('forgets a conversation the owner deleted; the next message starts a new one', async () => {
    const owner = await createOwner(t());
    const { tab, id } = await startedTab(owner);
    await t().app.inject({ method: 'DELETE', url: `/api/conversations/${id}`, headers: owner.headers });
    await until(tab, (state) => expect(state).toMatchObject({ hasConversation: false, messages: [], connection: 'idle' }));
    expect(tab.store.loadConversation()).toBeNull();

    tab.session.send('Hello again');
    await until(tab, (state) => expect(state).toMatchObject({ hasConversation: true, pending: [], connection: 'online' }));
    const next = tab.store.loadConversation()!.id;
    expect(next).not.toBe(id);
    expect(await serverBodies(owner, next)).toEqual(['visitor: Hello again']);
  });

  it('hands back messages the server refuses for good instead of retrying them', async () => {
    const owner = await createOwner(t());
    const { tab } = await startedTab(owner);
    const tooLong = 'x'.repeat(10_001);
    tab.session.send(tooLong);
    tab.session.send('this one is fine');
    await until(tab, (state) => expect(state.pending).toEqual([]));
    expect(tab.rejected).toHaveLength(1);
    expect(tab.rejected[0]).toMatchObject({ body: tooLong, error: { status: 422 } });
    expect(bodies(tab.session.state).at(-1)).toBe('visitor: this one is fine');

    const nowhere = openTab('site_does_not_exist');
    nowhere.session.send('hello?');
    await until(nowhere, (state) => expect(state.pending).toEqual([]));
    expect(nowhere.rejected[0]?.error.status).toBe(404);
  });

  it('follows the conversation another tab started (storage event)', async () => {
    const owner = await createOwner(t());
    const local = new MemoryStorage();
    const other = openTab(owner.siteKey, local);
    const { tab, id } = await startedTab(owner, local);
    other.session.adopt(parseConversation(local.getItem(tab.store.conversationKey)));
    await until(other, (state) => expect(state).toMatchObject({ connection: 'online', hasConversation: true }));
    await reply(t(), owner, id, 'to both tabs');
    await until(other, (state) => expect(bodies(state)).toEqual(['visitor: Hi, is anyone there?', 'owner: to both tabs']));
    await until(tab, (state) => expect(bodies(state)).toEqual(['visitor: Hi, is anyone there?', 'owner: to both tabs']));
  });

  const file = async (name: string, type: string, content?: Buffer) =>
    new File([new Uint8Array(content ?? (await sharp({ create: { width: 40, height: 30, channels: 3, background: '#5b5bd6' } }).png().toBuffer()))], name, { type });

  it('tells the team the visitor is typing (at most once per 2 s) and shows which teammate types until their reply', async () => {
    const owner = await createOwner(t(), { name: 'Olive Owner' });
    let now = 1_000_000;
    const { tab, id } = await startedTab(owner, undefined, () => now);
    const team = await openSocket(`${await listenOnce(t().app)}/api/ws`, { cookie: owner.cookie });
    try {
      tab.session.typing();
      tab.session.typing();
      now += 1999;
      tab.session.typing();
      expect(tab.network.sent).toEqual(['{"type":"typing"}']);
      expect(await team.next()).toMatchObject({ type: 'conversation.typing', data: { conversationId: id, who: 'visitor' } });
      now += 1;
      tab.session.typing();
      expect(tab.network.sent).toHaveLength(2);

      team.ws.send(JSON.stringify({ type: 'typing', data: { conversationId: id } }));
      await until(tab, (state) => expect(state.typing).toEqual(['Olive Owner']));
      await reply(t(), owner, id, 'Here I am');
      await until(tab, (state) => {
        expect(state.typing).toEqual([]);
        expect(state.messages.at(-1)).toMatchObject({ author: 'owner', authorName: 'Olive Owner', body: 'Here I am' });
      });
    } finally {
      team.close();
    }
  });

  it('sends files as messages of their own, after checking them; the server’s refusals come back as sentences', async () => {
    const owner = await createOwner(t());
    const early = openTab(owner.siteKey);
    expect(early.session.attach(await file('shot.png', 'image/png'))).toBe('You can attach files once your first message is sent.');
    expect(early.session.state.uploads).toEqual([]);

    const { tab, id } = await startedTab(owner);
    expect(tab.session.attach(new File(['MZ'], 'setup.exe', { type: 'application/x-msdownload' }))).toMatch(/^“setup\.exe” can’t be sent/);
    expect(tab.session.attach(await file('shot.png', 'image/png'))).toBeNull();
    expect(tab.session.state.uploads).toMatchObject([{ name: 'shot.png', waiting: false }]);
    await until(tab, (state) => expect(state.uploads).toEqual([]));
    const sent = tab.session.state.messages.at(-1)!;
    expect(sent).toMatchObject({ author: 'visitor', body: '', attachments: [{ filename: 'shot.png', contentType: 'image/png' }] });
    expect(sent.attachments![0]!.thumbnailUrl).toBe(`${sent.attachments![0]!.url}/thumbnail`);
    const { messages } = json(await t().app.inject({ method: 'GET', url: `/api/conversations/${id}`, headers: owner.headers }));
    expect(messages.at(-1)).toMatchObject({ id: sent.id, attachments: [{ filename: 'shot.png' }] });

    // Passes the name check, but the content is not a PNG: the server says 415.
    expect(tab.session.attach(await file('fake.png', 'image/png', Buffer.from('<html><script>alert(1)</script></html>')))).toBeNull();
    await until(tab, (state) => expect(state.uploads).toEqual([]));
    expect(tab.rejected.map((r) => r.body)).toEqual(['“fake.png” can’t be sent: you can send images (JPEG, PNG, WebP, GIF), PDF, text, CSV and Word documents.']);
  });

  it('keeps a file through a lost connection and sends it once when the connection is back', async () => {
    const owner = await createOwner(t());
    const { tab, id } = await startedTab(owner);
    tab.network.loseNextAnswer = true;
    tab.session.attach(await file('once.png', 'image/png'));
    await until(tab, (state) => expect(state.uploads).toMatchObject([{ name: 'once.png', waiting: true }]));
    tab.session.retryNow();
    await until(tab, (state) => expect(state.uploads).toEqual([]));

    tab.network.down();
    tab.session.attach(await file('later.png', 'image/png'));
    await until(tab, (state) => expect(state.uploads).toMatchObject([{ name: 'later.png', waiting: true }]));
    tab.network.up = true;
    tab.session.retryNow();
    await until(tab, (state) => expect(state).toMatchObject({ uploads: [], connection: 'online' }));

    const { messages } = json(await t().app.inject({ method: 'GET', url: `/api/conversations/${id}`, headers: owner.headers }));
    const files = messages.flatMap((m: { attachments: { filename: string }[] }) => m.attachments.map((a) => a.filename));
    expect(files).toEqual(['once.png', 'later.png']);
    expect(tab.session.state.messages.map((m) => m.id)).toEqual(messages.map((m: { id: string }) => m.id));
  });
});
