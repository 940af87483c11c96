import WebSocket from 'ws';
import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine, json } from '../test/app.js';
import { startChat } from '../test/chat.js';
import { createOwner } from '../test/factories.js';
import { listenOnce } from '../test/sockets.js';

/** A visitor socket keeping every raw frame, to check what reaches the visitor byte for byte. */
function rawSocket(url: string): Promise<{ frames: string[]; waitFor(predicate: (frame: string) => boolean): Promise<void>; close(): void }> {
  const ws = new WebSocket(url);
  const frames: string[] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (data) => {
    frames.push(String(data));
    waiters.splice(0).forEach((wake) => wake());
  });
  const waitFor = async (predicate: (frame: string) => boolean) => {
    const deadline = Date.now() + 5000;
    while (!frames.some(predicate)) {
      if (Date.now() > deadline) throw new Error(`frame not received; got ${JSON.stringify(frames)}`);
      await new Promise<void>((resolve) => { waiters.push(resolve); setTimeout(resolve, 200); });
    }
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ frames, waitFor, close: () => ws.close() }));
    ws.once('error', reject);
  });
}

describeEachEngine('customer-visible tickets', (t) => {
  let base = '';
  beforeAll(async () => {
    base = await listenOnce(t().app);
  });

  it('lists only the visible tickets of the visitor’s own conversation, visitor-safe fields only', async () => {
    const owner = await createOwner(t());
    const chat = await startChat(t(), owner.siteKey, 'My order is late');
    const other = await startChat(t(), owner.siteKey, 'Another visitor');
    const ticket = json(await t().app.inject({ method: 'POST', url: '/api/tickets', headers: owner.headers, payload: { conversationId: chat.id } })).ticket;
    const hidden = json(await t().app.inject({ method: 'POST', url: '/api/tickets', headers: owner.headers, payload: { conversationId: chat.id, allowDuplicate: true } })).ticket;
    const list = (id: string, token?: string) => t().app.inject({ method: 'GET', url: `/api/widget/conversations/${id}/tickets`, headers: token ? { 'x-visitor-token': token } : {} });
    expect(json(await list(chat.id, chat.visitorToken))).toEqual({ items: [] });
    await t().app.inject({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, headers: owner.headers, payload: { visibleToVisitor: true, notes: 'secret note', priority: 'urgent', tags: ['vip'] } });
    const visible = json(await list(chat.id, chat.visitorToken));
    expect(visible.items).toEqual([{ number: ticket.number, title: ticket.title, status: 'new', updatedAt: expect.any(String) }]);
    expect(visible.items.map((i: any) => i.number)).not.toContain(hidden.number);
    expect((await list(chat.id, other.visitorToken)).statusCode).toBe(404);
    expect((await list(chat.id)).statusCode).toBe(404);
    expect((await list(other.id, other.visitorToken)).statusCode).toBe(200);
    expect(json(await list(other.id, other.visitorToken)).items).toEqual([]);
  });

  it('sends ticket.status to the visitor socket when a visible ticket changes status; notes, tags, assignee and priority never reach it', async () => {
    const owner = await createOwner(t(), { name: 'Agent Smith' });
    const chat = await startChat(t(), owner.siteKey, 'Where is my refund?');
    const ticket = json(await t().app.inject({ method: 'POST', url: '/api/tickets', headers: owner.headers, payload: { conversationId: chat.id, title: 'Refund' } })).ticket;
    const socket = await rawSocket(`${base}/api/widget/conversations/${chat.id}/ws?token=${encodeURIComponent(chat.visitorToken)}`);
    const patch = (payload: Record<string, unknown>) => t().app.inject({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, headers: owner.headers, payload });
    // Not visible yet: a status change says nothing to the visitor.
    await patch({ status: 'in_progress', notes: 'INTERNAL-NOTE-XYZ', tags: ['secret-tag'], priority: 'urgent' });
    await patch({ visibleToVisitor: true });
    await socket.waitFor((frame) => frame.includes('ticket.status'));
    await patch({ status: 'closed', notes: 'INTERNAL-NOTE-XYZ 2' });
    await t().app.inject({ method: 'POST', url: '/api/tickets/bulk', headers: owner.headers, payload: { ids: [ticket.id], set: { status: 'in_progress', addTags: ['another-secret'] } } });
    // A reply afterwards: once it arrives, every earlier frame has arrived too.
    await t().app.inject({ method: 'POST', url: `/api/conversations/${chat.id}/messages`, headers: owner.headers, payload: { body: 'barrier' } });
    await socket.waitFor((frame) => frame.includes('barrier'));
    socket.close();
    const statusFrames = socket.frames.map((f) => JSON.parse(f)).filter((f) => f.type === 'ticket.status');
    expect(statusFrames.map((f) => f.data.ticket.status)).toEqual(['in_progress', 'closed', 'in_progress']);
    for (const frame of statusFrames) expect(Object.keys(frame.data.ticket).sort()).toEqual(['number', 'status', 'title', 'updatedAt']);
    const raw = socket.frames.join('\n');
    for (const secret of ['INTERNAL-NOTE', 'secret-tag', 'another-secret', 'urgent', 'priority', owner.user.id, 'assignee', 'notes', 'tags']) {
      expect(raw).not.toContain(secret);
    }
  });
});
