import { afterEach, beforeAll, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { describeEachEngine, json } from '../../server/test/app.js';
import { createOwner } from '../../server/test/factories.js';
import { listenOnce } from '../../server/test/sockets.js';
import { createApi, type Fetch } from './api.js';
import { ChatSession, type ChatState } from './chat-session.js';
import { MemoryStorage, WidgetStore } from './storage.js';
import { ticketLine } from './tickets.js';

/** The widget's session against the real server: a visible ticket's status shows and follows changes live. */
describeEachEngine('widget chat session: visible tickets', (t) => {
  let origin = '';
  const sessions: ChatSession[] = [];
  beforeAll(async () => {
    origin = (await listenOnce(t().app)).replace('ws:', 'http:');
  });
  afterEach(() => {
    for (const session of sessions.splice(0)) session.stop();
  });


  const openSession = (siteKey: string, store: WidgetStore, fetch?: Fetch) => started(new ChatSession({
    api: createApi(origin, fetch), store, siteKey, origin, pageUrl: () => undefined, random: () => 0,
    openSocket: (url) => {
      const ws = new WebSocket(url);
      ws.on('error', () => {}); // browsers report a failed socket through close only
      return ws;
    },
  }));
  const started = (session: ChatSession) => {
    sessions.push(session);
    session.start();
    return session;
  };
  const until = (session: ChatSession, check: (state: ChatState) => void) => vi.waitFor(() => check(session.state), { timeout: 10_000, interval: 20 });

  it('shows "Your request #N — Status" for visible tickets only, and follows status changes live', async () => {
    const owner = await createOwner(t());
    const store = new WidgetStore(owner.siteKey, new MemoryStorage(), new MemoryStorage());
    const session = openSession(owner.siteKey, store);
    session.send('My parcel is lost');
    await until(session, (state) => expect(state).toMatchObject({ connection: 'online', pending: [] }));
    const id = store.loadConversation()!.id;
    expect(session.state.tickets).toEqual([]);

    const headers = owner.headers;
    const ticket = json(await t().app.inject({ method: 'POST', url: '/api/tickets', headers, payload: { conversationId: id, title: 'Lost parcel' } })).ticket;
    // Hidden by default: nothing reaches the widget.
    await t().app.inject({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, headers, payload: { status: 'in_progress' } });
    await t().app.inject({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, headers, payload: { visibleToVisitor: true, notes: 'internal only' } });
    await until(session, (state) => expect(state.tickets.map(ticketLine)).toEqual([`Your request #${ticket.number} — In progress`]));
    expect(session.state.tickets[0]).toEqual({ number: ticket.number, title: 'Lost parcel', status: 'in_progress', updatedAt: expect.any(String) });

    // A second tab (or a reload) fetches them with GET …/tickets; both follow the next change live.
    const second = openSession(owner.siteKey, store);
    await until(second, (state) => expect(state.tickets.map(ticketLine)).toEqual([`Your request #${ticket.number} — In progress`]));
    await until(second, (state) => expect(state.connection).toBe('online'));
    await t().app.inject({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, headers, payload: { status: 'closed' } });
    for (const tab of [session, second]) {
      await until(tab, (state) => expect(state.tickets.map(ticketLine)).toEqual([`Your request #${ticket.number} — Resolved`]));
    }
  });

  it('keeps a ticket that arrived live while an older answer of the ticket list was on its way', async () => {
    const owner = await createOwner(t());
    const store = new WidgetStore(owner.siteKey, new MemoryStorage(), new MemoryStorage());
    const first = openSession(owner.siteKey, store);
    first.send('Where is my order?');
    await until(first, (state) => expect(state).toMatchObject({ connection: 'online', pending: [] }));
    const id = store.loadConversation()!.id;
    const headers = owner.headers;
    const ticket = json(await t().app.inject({ method: 'POST', url: '/api/tickets', headers, payload: { conversationId: id, title: 'Missing order' } })).ticket;

    // A reload on a slow network: its ticket lists are answered (no visible ticket yet) but arrive late.
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    const slowTicketLists: Fetch = async (url, init) => {
      const response = await fetch(url, init);
      if (new URL(url).pathname.endsWith('/tickets')) {
        held++;
        await gate;
      }
      return response;
    };
    const reloaded = openSession(owner.siteKey, store, slowTicketLists);
    await until(reloaded, (state) => expect(state.connection).toBe('online'));
    await vi.waitFor(() => expect(held).toBe(2), { timeout: 10_000 }); // one on start, one when the socket opened

    await t().app.inject({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, headers, payload: { visibleToVisitor: true, status: 'in_progress' } });
    const shown = [`Your request #${ticket.number} — In progress`];
    await until(reloaded, (state) => expect(state.tickets.map(ticketLine)).toEqual(shown));

    let applied = 0;
    reloaded.subscribe(() => applied++);
    release();
    await vi.waitFor(() => expect(applied).toBeGreaterThanOrEqual(2), { timeout: 10_000 }); // each answer applied emits once
    expect(reloaded.state.tickets.map(ticketLine)).toEqual(shown);
  });
});
