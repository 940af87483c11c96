import { afterEach, beforeAll, expect, it } from 'vitest';
import { describeEachEngine, json } from '../test/app.js';
import { startChat } from '../test/chat.js';
import { createOwner, type TestOwner } from '../test/factories.js';
import { listenOnce, openSocket, type TestSocket } from '../test/sockets.js';
import { createTicket } from '../test/uploads.js';

/**
 * Issue #17 item 7: a PATCH that changes nothing keeps `version` and `updatedAt` and publishes
 * nothing. "Nothing published" is checked on a real dashboard socket without timing: after the no-op
 * PATCH the owner triggers a known event (`submissions.read`), which must be the first frame to arrive.
 */
describeEachEngine('no-op PATCH', (t) => {
  let base = '';
  const sockets: TestSocket[] = [];
  beforeAll(async () => {
    base = await listenOnce(t().app);
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });

  const call = async (owner: TestOwner, method: 'GET' | 'PATCH' | 'POST', url: string, payload?: object) => {
    const response = await t().app.inject({ method, url, headers: owner.headers, payload });
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
    return response.body ? json(response) : undefined;
  };

  /** Opens the owner's dashboard socket; returns a check that the next frame is the marker event. */
  async function watch(owner: TestOwner) {
    const socket = await openSocket(`${base}/api/ws`, { cookie: owner.cookie });
    sockets.push(socket);
    return async () => {
      await call(owner, 'POST', '/api/submissions/read');
      expect((await socket.next()).type).toBe('submissions.read');
    };
  }

  it('tickets: same status, notes and title keep version and updatedAt; nothing is sent', async () => {
    const owner = await createOwner(t());
    const ticket = await createTicket(t(), owner);
    const before = (await call(owner, 'GET', `/api/tickets/${ticket.id}`)).ticket;
    const nothingSent = await watch(owner);
    const after = (await call(owner, 'PATCH', `/api/tickets/${ticket.id}`, { status: before.status, notes: before.notes, title: before.title, version: before.version })).ticket;
    expect(after).toMatchObject({ version: before.version, updatedAt: before.updatedAt });
    await nothingSent();
  });

  it('conversations: same status and assignee keep updatedAt; nothing is sent', async () => {
    const owner = await createOwner(t());
    const chat = await startChat(t(), owner.siteKey);
    const before = (await call(owner, 'GET', `/api/conversations/${chat.id}`)).conversation;
    const nothingSent = await watch(owner);
    const after = (await call(owner, 'PATCH', `/api/conversations/${chat.id}`, { status: before.status, assigneeId: null })).conversation;
    expect(after).toMatchObject({ status: before.status, updatedAt: before.updatedAt });
    expect((await call(owner, 'GET', `/api/conversations/${chat.id}`)).conversation).toEqual(before);
    await nothingSent();
  });

  it('forms: the same name and fields keep updatedAt; nothing is sent', async () => {
    const owner = await createOwner(t());
    const fields = [{ name: 'email', label: 'Email', type: 'email', required: true }, { name: 'message', label: 'Message', type: 'textarea', required: false }];
    const form = (await call(owner, 'POST', '/api/forms', { name: 'Contact', fields })).form;
    const before = (await call(owner, 'GET', `/api/forms/${form.id}`)).form;
    const nothingSent = await watch(owner);
    const after = (await call(owner, 'PATCH', `/api/forms/${form.id}`, { name: before.name, fields: before.fields })).form;
    expect(after).toEqual(before);
    expect((await call(owner, 'PATCH', `/api/forms/${form.id}`, { fields: before.fields })).form).toEqual(before);
    await nothingSent();
    // A real change still moves updatedAt.
    const renamed = (await call(owner, 'PATCH', `/api/forms/${form.id}`, { name: 'Contact us' })).form;
    expect(renamed.name).toBe('Contact us');
    expect(Date.parse(renamed.updatedAt)).toBeGreaterThanOrEqual(Date.parse(before.updatedAt));
  });

  it('saved replies: the same shortcut (any case), title and body keep updatedAt; nothing is sent', async () => {
    const owner = await createOwner(t());
    const reply = (await call(owner, 'POST', '/api/saved-replies', { shortcut: 'thanks', title: 'Thanks', body: 'Thank you!' })).savedReply;
    const nothingSent = await watch(owner);
    const after = (await call(owner, 'PATCH', `/api/saved-replies/${reply.id}`, { shortcut: 'THANKS', title: 'Thanks', body: 'Thank you!' })).savedReply;
    expect(after).toEqual(reply);
    expect((await call(owner, 'PATCH', `/api/saved-replies/${reply.id}`, {})).savedReply).toEqual(reply);
    await nothingSent();
  });

  it('tags: renaming to the same name touches no ticket (version and updatedAt kept); nothing is sent', async () => {
    const owner = await createOwner(t());
    const ticket = await createTicket(t(), owner);
    await call(owner, 'PATCH', `/api/tickets/${ticket.id}`, { tags: ['vip'] });
    const before = (await call(owner, 'GET', `/api/tickets/${ticket.id}`)).ticket;
    const tag = (await call(owner, 'GET', '/api/tags')).items[0];
    const nothingSent = await watch(owner);
    expect((await call(owner, 'PATCH', `/api/tags/${tag.id}`, { name: 'vip' })).tag).toEqual(tag);
    await nothingSent();
    expect((await call(owner, 'GET', `/api/tickets/${ticket.id}`)).ticket).toMatchObject({ version: before.version, updatedAt: before.updatedAt });
  });
});
