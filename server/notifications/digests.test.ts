import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, describeEachEngine, json, type TestApp } from '../test/app.js';
import { startChat } from '../test/chat.js';
import { createOwner, insertSubmission, type TestOwner } from '../test/factories.js';
import { addressesOf, linksIn, startTestSmtpServer, type ReceivedMail, type TestSmtpServer } from '../test/smtp-server.js';
import { listenOnce, openSocket } from '../test/sockets.js';
import { addTeammate } from '../test/team.js';

describeEachEngine('teammate email digests', (t) => {
  let smtp: TestSmtpServer;
  let mailing: TestApp;
  let base = '';
  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    mailing = await createTestApp(t().engine, {
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, SMTP_FROM: 'FloatMessage <noreply@example.com>', PUBLIC_URL: 'http://localhost', AGENT_EMAIL_DIGEST_S: '2',
    });
    base = await listenOnce(mailing.app);
  });
  afterAll(async () => {
    await mailing?.close();
    await smtp?.close();
  });

  const mailsTo = (who: TestOwner) => smtp.received.filter((m) => m.to.includes(who.user.email));
  const pendingFor = async (who: TestOwner) => Number((await mailing.app.db.selectFrom('agent_notifications').select((eb) => eb.fn.countAll().as('n')).where('user_id', '=', who.user.id).executeTakeFirstOrThrow()).n);
  const chatLink = (id: string) => `http://localhost/chat/${id}`;
  const prefs = (who: TestOwner, email: Record<string, boolean>) => mailing.app.inject({ method: 'PUT', url: '/api/me/notifications', headers: who.headers, payload: { email } });
  // PUBLIC_URL is this server's own origin.
  const openDashboard = (who: TestOwner) => openSocket(`${base}/api/ws`, { cookie: who.cookie, origin: 'http://localhost' });
  /** Waits for the next mail to this person after the `seen` ones they already had. */
  const nextMail = async (who: TestOwner, seen: number): Promise<ReceivedMail> => {
    await smtp.waitFor(() => mailsTo(who).length > seen, 15_000);
    return mailsTo(who)[seen]!;
  };

  it('reads and writes each teammate’s own switches (all on by default), validated', async () => {
    const owner = await createOwner(t());
    const mate = await addTeammate(t(), owner);
    const all = { newConversation: true, newSubmission: true, assignedToMe: true, visitorReplyAssigned: true };
    expect(json(await t().app.inject({ method: 'GET', url: '/api/me/notifications', headers: mate.headers }))).toEqual({ email: all });
    const off = { ...all, newConversation: false, newSubmission: false };
    const saved = await t().app.inject({ method: 'PUT', url: '/api/me/notifications', headers: mate.headers, payload: { email: off } });
    expect(saved.statusCode).toBe(200);
    expect(json(saved)).toEqual({ email: off });
    expect(json(await t().app.inject({ method: 'GET', url: '/api/me/notifications', headers: mate.headers }))).toEqual({ email: off });
    expect(json(await t().app.inject({ method: 'GET', url: '/api/me/notifications', headers: owner.headers }))).toEqual({ email: all });
    for (const payload of [{}, { email: { ...all, assignedToMe: 'yes' } }, { email: { newConversation: true } }]) {
      expect((await t().app.inject({ method: 'PUT', url: '/api/me/notifications', headers: mate.headers, payload })).statusCode).toBe(422);
    }
    expect((await t().app.inject({ method: 'GET', url: '/api/me/notifications' })).statusCode).toBe(401);
  });

  it('mails every teammate a digest of new conversations and submissions, with both parts and dashboard links; later items wait for the window, batched', async () => {
    const owner = await createOwner(mailing, { name: 'Olga' });
    const mate = await addTeammate(mailing, owner, 'Mia');
    const first = await startChat(mailing, owner.siteKey, 'Do you ship to Norway?', { visitor: { name: 'Ann' } });

    const mail = await nextMail(mate, 0);
    expect(mail.from).toBe('noreply@example.com');
    expect(addressesOf(mail.parsed.to)).toEqual([mate.user.email]);
    expect(mail.parsed.subject).toBe('New conversation from Ann');
    expect(mail.parsed.text).toContain('Hi Mia');
    expect(mail.parsed.text).toContain('Do you ship to Norway?');
    expect(linksIn(mail.parsed.text)).toEqual([chatLink(first.id)]);
    expect(mail.parsed.html).toContain(`href="${chatLink(first.id)}"`);
    expect(mail.parsed.html).toContain('Do you ship to Norway?');
    // The owner (also a teammate without a dashboard open) gets their own.
    expect((await nextMail(owner, 0)).parsed.subject).toBe('New conversation from Ann');

    // Within the window: everything that happens is collected into the next, single mail.
    const second = await startChat(mailing, owner.siteKey, 'Second question', { visitor: { email: 'bo@example.org' } });
    const third = await startChat(mailing, owner.siteKey, 'Third <b>question</b>');
    const submission = await insertSubmission(mailing, owner, { visitorName: 'Cy', formName: 'Quote request' });
    await mailing.app.db.insertInto('agent_notifications').values({ id: `n-${submission}`, owner_id: owner.user.id, user_id: mate.user.id, kind: 'new_submission', subject_id: submission, created_at: Date.now() }).execute();
    const digest = await nextMail(mate, 1);
    expect(digest.parsed.subject).toBe('3 updates waiting for you on FloatMessage');
    expect(linksIn(digest.parsed.text)).toEqual([chatLink(second.id), chatLink(third.id), `http://localhost/submissions/${submission}`]);
    expect(digest.parsed.text).toContain('New conversation from bo@example.org');
    expect(digest.parsed.text).toContain('New form submission to "Quote request" from Cy');
    expect(digest.parsed.html).toContain('Third &lt;b&gt;question&lt;/b&gt;');
    // Nothing left, nothing sent twice.
    await mailing.app.agentDigests.runOnce();
    expect(await pendingFor(mate)).toBe(0);
    expect(mailsTo(mate)).toHaveLength(2);
  });

  it('sends nothing while the teammate’s dashboard socket is live (they saw it), and resumes when it closes', async () => {
    const owner = await createOwner(mailing);
    const mate = await addTeammate(mailing, owner);
    const dashboard = await openDashboard(mate);
    const seenLive = await startChat(mailing, owner.siteKey, 'Seen live');
    await expect.poll(() => pendingFor(mate), { timeout: 10_000 }).toBe(0);
    dashboard.close();
    await dashboard.closed;
    await expect.poll(async () => mailing.app.presence.isUserOnline(owner.user.id, mate.user.id)).toBe(false);

    const later = await startChat(mailing, owner.siteKey, 'While away');
    const mail = await nextMail(mate, 0);
    expect(linksIn(mail.parsed.text)).toEqual([chatLink(later.id)]);
    expect(mail.parsed.text).not.toContain(seenLive.id);
    // The owner had no dashboard open: they hear about both.
    await smtp.waitFor(() => mailsTo(owner).some((m) => m.parsed.text?.includes(later.id)), 15_000);
    expect(mailsTo(owner).flatMap((m) => linksIn(m.parsed.text))).toEqual([chatLink(seenLive.id), chatLink(later.id)]);
  });

  it('respects each switch: assigned to me and visitor replies in my conversations, never my own assignment', async () => {
    const owner = await createOwner(mailing);
    const mate = await addTeammate(mailing, owner, 'Max');
    expect((await prefs(mate, { newConversation: false, newSubmission: false, assignedToMe: true, visitorReplyAssigned: true })).statusCode).toBe(200);
    expect((await prefs(owner, { newConversation: false, newSubmission: false, assignedToMe: false, visitorReplyAssigned: false })).statusCode).toBe(200);
    const chat = await startChat(mailing, owner.siteKey, 'Hello', { visitor: { name: 'Vera' } });
    const assign = await mailing.app.inject({ method: 'PATCH', url: `/api/conversations/${chat.id}`, headers: owner.headers, payload: { assigneeId: mate.user.id } });
    expect(assign.statusCode).toBe(200);
    const assigned = await nextMail(mate, 0);
    expect(assigned.parsed.subject).toBe('Conversation with Vera assigned to you');
    expect(linksIn(assigned.parsed.text)).toEqual([chatLink(chat.id)]);

    for (const body of ['One more thing', 'And another']) {
      expect((await mailing.app.inject({ method: 'POST', url: `/api/widget/conversations/${chat.id}/messages`, headers: chat.visitorHeaders, payload: { body } })).statusCode).toBe(201);
    }
    const replies = await nextMail(mate, 1);
    expect(replies.parsed.subject).toBe('2 new replies from Vera in your conversation');
    expect(replies.parsed.text).toContain('And another');

    // Assigning yourself tells nobody; the owner turned everything off.
    const own = await startChat(mailing, owner.siteKey, 'Mine');
    expect((await mailing.app.inject({ method: 'PATCH', url: `/api/conversations/${own.id}`, headers: mate.headers, payload: { assigneeId: mate.user.id } })).statusCode).toBe(200);
    await mailing.app.agentDigests.runOnce();
    await expect.poll(() => pendingFor(mate), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => pendingFor(owner), { timeout: 10_000 }).toBe(0);
    expect(mailsTo(mate)).toHaveLength(2);
    expect(mailsTo(owner)).toHaveLength(0);
  });

  it('tells a teammate a ticket was assigned to them (single and bulk), without its internal notes', async () => {
    const owner = await createOwner(mailing);
    const mate = await addTeammate(mailing, owner, 'Tia');
    const created = await mailing.app.inject({ method: 'POST', url: '/api/tickets', headers: owner.headers, payload: { title: 'Refund order 1234', notes: 'INTERNAL: approved by finance' } });
    expect(created.statusCode).toBe(201);
    const ticket = json(created).ticket;
    const assign = await mailing.app.inject({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, headers: owner.headers, payload: { assigneeId: mate.user.id } });
    expect(assign.statusCode).toBe(200);
    const mail = await nextMail(mate, 0);
    expect(mail.parsed.subject).toBe(`Ticket #${ticket.number} "Refund order 1234" assigned to you`);
    expect(linksIn(mail.parsed.text)).toEqual([`http://localhost/tickets/${ticket.id}`]);
    expect(mail.raw).not.toContain('INTERNAL');
    expect(mail.parsed.html).not.toContain('INTERNAL');

    const second = json(await mailing.app.inject({ method: 'POST', url: '/api/tickets', headers: owner.headers, payload: { title: 'Bulk one' } })).ticket;
    const bulk = await mailing.app.inject({ method: 'POST', url: '/api/tickets/bulk', headers: owner.headers, payload: { ids: [second.id], set: { assigneeId: mate.user.id } } });
    expect(bulk.statusCode).toBe(200);
    const next = await nextMail(mate, 1);
    expect(linksIn(next.parsed.text)).toEqual([`http://localhost/tickets/${second.id}`]);
  });

  it('keeps nothing pending where mail is off', async () => {
    const owner = await createOwner(t());
    await startChat(t(), owner.siteKey, 'No mail here');
    await expect.poll(async () => {
      await t().app.agentDigests.runOnce();
      return Number((await t().app.db.selectFrom('agent_notifications').select((eb) => eb.fn.countAll().as('n')).where('owner_id', '=', owner.user.id).executeTakeFirstOrThrow()).n);
    }, { timeout: 10_000 }).toBe(0);
  });
});
