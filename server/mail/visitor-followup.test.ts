import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, describeEachEngine, json, type TestApp } from '../test/app.js';
import { startChat, type TestConversation } from '../test/chat.js';
import { createOwner, type TestOwner } from '../test/factories.js';
import { listenOnce, openSocket } from '../test/sockets.js';
import { addressesOf, linksIn, startTestSmtpServer, type ReceivedMail, type TestSmtpServer } from '../test/smtp-server.js';

const SMTP_FROM = 'FloatMessage <noreply@example.com>';
/** Past VISITOR_EMAIL_DELAY_S (default 120 s): the sender's clock is passed in, nothing waits. */
const later = () => Date.now() + 121_000;

describeEachEngine('visitor mail: unseen replies by email', (t) => {
  let smtp: TestSmtpServer;
  let app: TestApp;
  let owner: TestOwner;
  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    app = await createTestApp(t().engine, { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, SMTP_FROM, PUBLIC_URL: 'http://localhost' });
    owner = await createOwner(app, { name: 'Acme Support', email: `acme-${t().engine}@team.example` });
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  const chatWith = (email: string | null, name = 'Vera') =>
    startChat(app, owner.siteKey, 'Where is my order?', { visitor: email ? { name, email } : { name } });
  const reply = async (chat: TestConversation, body: string) => {
    const response = await app.app.inject({ method: 'POST', url: `/api/conversations/${chat.id}/messages`, headers: owner.headers, payload: { body } });
    expect(response.statusCode).toBe(201);
  };
  const mailsTo = (address: string) => smtp.received.filter((mail) => mail.to.includes(address));
  const pageLink = (mail: ReceivedMail) => linksIn(mail.parsed.text).find((link) => /\/c\/[^/]+\?t=/.test(link))!;
  const unsubscribeLink = (mail: ReceivedMail) => linksIn(mail.parsed.text).find((link) => link.includes('/unsubscribe?u='))!;
  const pathOf = (link: string) => { const url = new URL(link); return `${url.pathname}${url.search}`; };
  const cookieFrom = (setCookie: string | string[] | undefined) => String(Array.isArray(setCookie) ? setCookie[0] : setCookie).split(';')[0]!;

  it('batches three unseen replies into one mail with both parts, the names, and working links; sent once', async () => {
    const chat = await chatWith('vera.batch@example.org');
    await reply(chat, 'Hello Vera, let me check.');
    await reply(chat, 'It left our warehouse today.');
    await reply(chat, 'Tracking:\nAB123');
    // Not yet due: nothing is sent before the delay.
    expect(await app.app.visitorMail.tick(Date.now())).toBe(0);
    expect(await app.app.visitorMail.tick(later())).toBe(1);
    const mail = await smtp.waitFor((m) => m.to.includes('vera.batch@example.org'));
    expect(addressesOf(mail.parsed.to)).toEqual(['vera.batch@example.org']);
    expect(mail.parsed.to && !Array.isArray(mail.parsed.to) ? mail.parsed.to.value[0]!.name : '').toBe('Vera');
    expect(mail.parsed.subject).toBe('Acme Support replied to your message');
    for (const body of ['Hello Vera, let me check.', 'It left our warehouse today.', 'AB123']) {
      expect(mail.parsed.text).toContain(body);
      expect(mail.parsed.html).toContain(body);
    }
    expect(mail.parsed.text).toContain('Hello Vera,');
    expect(mail.parsed.text).toContain('Acme Support sent you 3 replies');
    // Never a teammate's email, never the visitor's own first message or anything internal.
    expect(mail.raw).not.toContain(owner.user.email);
    expect(mail.parsed.text).not.toContain('Where is my order?');
    expect(pageLink(mail)).toMatch(new RegExp(`^http://localhost/c/${chat.id}\\?t=fmr_`));
    expect(unsubscribeLink(mail)).toMatch(new RegExp(`^http://localhost/c/${chat.id}/unsubscribe\\?u=fmu_`));
    expect(mail.parsed.html).toContain(`href="${pageLink(mail)}"`);
    // Sent once: later ticks find nothing more.
    expect(await app.app.visitorMail.tick(later())).toBe(0);
    expect(mailsTo('vera.batch@example.org')).toHaveLength(1);
  });

  it('trades the mailed token for a page cookie (303 to the clean URL) once; the page shows the thread and takes a reply the team sees live', async () => {
    const chat = await chatWith('vera.page@example.org');
    await reply(chat, 'We need your order number.');
    await app.app.visitorMail.tick(later());
    const mail = await smtp.waitFor((m) => m.to.includes('vera.page@example.org'));
    const link = pathOf(pageLink(mail));

    const traded = await app.app.inject({ method: 'GET', url: link });
    expect(traded.statusCode).toBe(303);
    expect(traded.headers.location).toBe(`/c/${chat.id}`);
    const setCookie = String(traded.headers['set-cookie']);
    expect(setCookie).toContain(`Path=/c/${chat.id}`);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    const cookie = cookieFrom(traded.headers['set-cookie']);
    // Single use: the same link again is the friendly 404 page.
    const again = await app.app.inject({ method: 'GET', url: link });
    expect(again.statusCode).toBe(404);
    expect(again.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(again.body).toContain('This link has expired');

    const page = await app.app.inject({ method: 'GET', url: `/c/${chat.id}`, headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.body).not.toContain('<script');
    expect(page.body).toContain('We need your order number.');
    expect(page.body).toContain('Where is my order?');
    expect(page.body).toContain('Conversation with Acme Support');
    expect(page.body).not.toContain(owner.user.email);
    // Without the cookie, or with it on another conversation: the same 404 page.
    expect((await app.app.inject({ method: 'GET', url: `/c/${chat.id}` })).statusCode).toBe(404);
    const other = await chatWith('other@example.org');
    expect((await app.app.inject({ method: 'GET', url: `/c/${other.id}`, headers: { cookie } })).statusCode).toBe(404);

    // A reply from the page: an ordinary visitor message, live on the owner's socket.
    const base = await listenOnce(app.app);
    const socket = await openSocket(`${base}/api/ws`, { cookie: owner.cookie, origin: app.origin });
    try {
      const posted = await app.app.inject({
        method: 'POST', url: `/c/${chat.id}/messages`,
        headers: { cookie, origin: app.origin, 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'body=Order+%2342%2C+thanks',
      });
      expect(posted.statusCode).toBe(303);
      expect(posted.headers.location).toBe(`/c/${chat.id}`);
      let frame = await socket.next();
      while (frame.type !== 'message.created') frame = await socket.next();
      expect(frame.data.message).toMatchObject({ author: 'visitor', body: 'Order #42, thanks', conversationId: chat.id });
    } finally {
      socket.close();
    }
    const visitorView = json(await app.app.inject({ method: 'GET', url: `/api/widget/conversations/${chat.id}/messages`, headers: chat.visitorHeaders }));
    expect(visitorView.items.at(-1)).toMatchObject({ author: 'visitor', body: 'Order #42, thanks' });

    // Cross-site or origin-less posts are refused; an empty reply shows the page with the problem.
    const foreign = await app.app.inject({ method: 'POST', url: `/c/${chat.id}/messages`, headers: { cookie, origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, payload: 'body=hi' });
    expect(foreign.statusCode).toBe(403);
    const bare = await app.app.inject({ method: 'POST', url: `/c/${chat.id}/messages`, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'body=hi' });
    expect(bare.statusCode).toBe(403);
    const empty = await app.app.inject({ method: 'POST', url: `/c/${chat.id}/messages`, headers: { cookie, origin: app.origin, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'body=+++' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('role="alert"');

    // The page's own "Stop emails" button: the page cookie from the same origin is enough.
    expect(page.body).toContain(`<form method="post" action="/c/${chat.id}/unsubscribe"`);
    const stop = await app.app.inject({ method: 'POST', url: `/c/${chat.id}/unsubscribe`, headers: { cookie, origin: app.origin, 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(stop.statusCode).toBe(200);
    expect((await app.app.inject({ method: 'GET', url: `/c/${chat.id}`, headers: { cookie } })).body).toContain('You will not get emails about this conversation.');
  });

  it('answers unknown, foreign and expired tokens with the friendly 404 page', async () => {
    const chat = await chatWith('vera.expired@example.org');
    await reply(chat, 'First answer.');
    await app.app.visitorMail.tick(later());
    const mail = await smtp.waitFor((m) => m.to.includes('vera.expired@example.org'));
    const token = new URL(pageLink(mail)).searchParams.get('t')!;
    const other = await chatWith(null);
    // Another conversation's path with this token, an unknown token: 404, and the real token still works after.
    expect((await app.app.inject({ method: 'GET', url: `/c/${other.id}?t=${token}` })).statusCode).toBe(404);
    expect((await app.app.inject({ method: 'GET', url: `/c/${chat.id}?t=fmr_unknown` })).statusCode).toBe(404);
    // Expired: the row's expiry moved into the past.
    await app.app.db.updateTable('visitor_access_tokens').set({ expires_at: Date.now() - 1 }).where('conversation_id', '=', chat.id).where('purpose', '=', 'resume').execute();
    const expired = await app.app.inject({ method: 'GET', url: `/c/${chat.id}?t=${token}` });
    expect(expired.statusCode).toBe(404);
    expect(expired.body).toContain('This link has expired');
    // Tokens are stored only as hashes.
    const rows = await app.app.db.selectFrom('visitor_access_tokens').select('token_hash').where('conversation_id', '=', chat.id).execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((row) => row.token_hash === token)).toBe(false);
  });

  it('does not mail what the visitor saw: a live socket, or seen after the reply', async () => {
    const chat = await chatWith('vera.live@example.org');
    const base = await listenOnce(app.app);
    const socket = await openSocket(`${base}/api/widget/conversations/${chat.id}/ws?token=${chat.visitorToken}`);
    try {
      await reply(chat, 'Seen live.');
      expect(await app.app.visitorMail.tick(later())).toBe(0);
    } finally {
      socket.close();
      await socket.closed;
    }
    // Fetching messages after a reply (the widget reopened) also counts as seen.
    await reply(chat, 'Seen on reload.');
    const fetched = await app.app.inject({ method: 'GET', url: `/api/widget/conversations/${chat.id}/messages`, headers: chat.visitorHeaders });
    expect(fetched.statusCode).toBe(200);
    expect(await app.app.visitorMail.tick(later())).toBe(0);
    const outcomes = await app.app.db.selectFrom('visitor_mail_queue').select('outcome').where('conversation_id', '=', chat.id).execute();
    expect(outcomes.map((row) => row.outcome)).toEqual(['seen', 'seen']);
    expect(mailsTo('vera.live@example.org')).toHaveLength(0);
  });

  it('never queues mail without an email; the unsubscribe link stops mail for that conversation', async () => {
    const anonymous = await chatWith(null);
    await reply(anonymous, 'Nobody to mail.');
    const queued = await app.app.db.selectFrom('visitor_mail_queue').select('id').where('conversation_id', '=', anonymous.id).execute();
    expect(queued).toHaveLength(0);

    const chat = await chatWith('vera.unsub@example.org');
    await reply(chat, 'First.');
    await app.app.visitorMail.tick(later());
    const mail = await smtp.waitFor((m) => m.to.includes('vera.unsub@example.org'));
    const link = pathOf(unsubscribeLink(mail));
    // The link shows a button (mail scanners follow links); pressing it stops the mail.
    const confirm = await app.app.inject({ method: 'GET', url: link });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Stop emails');
    expect((await app.app.inject({ method: 'GET', url: `/c/${chat.id}/unsubscribe?u=fmu_wrong` })).statusCode).toBe(404);
    const u = new URL(unsubscribeLink(mail)).searchParams.get('u')!;
    const done = await app.app.inject({ method: 'POST', url: `/c/${chat.id}/unsubscribe`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `u=${encodeURIComponent(u)}` });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Emails stopped');
    await reply(chat, 'After unsubscribing.');
    expect(await app.app.visitorMail.tick(later())).toBe(0);
    expect(mailsTo('vera.unsub@example.org')).toHaveLength(1);
  });

  it('offers one-click unsubscribe to mail clients (List-Unsubscribe, RFC 8058)', async () => {
    const chat = await chatWith('vera.oneclick@example.org');
    await reply(chat, 'Hello!');
    await app.app.visitorMail.tick(later());
    const mail = await smtp.waitFor((m) => m.to.includes('vera.oneclick@example.org'));
    const url = unsubscribeLink(mail);
    const headers = mail.raw.split('\r\n\r\n')[0]!.replace(/\r\n\s+/g, ' '); // unfolded
    expect(headers).toContain(`List-Unsubscribe: <${url}>`);
    expect(mail.raw).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const clicked = await app.app.inject({ method: 'POST', url: pathOf(url), headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(clicked.statusCode).toBe(200);
    const row = await app.app.db.selectFrom('conversations').select('visitor_mail_off_at').where('id', '=', chat.id).executeTakeFirstOrThrow();
    expect(row.visitor_mail_off_at).not.toBeNull();
    // Without a token or a page cookie there is nothing to unsubscribe: the 404 page (403 from another origin).
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    expect((await app.app.inject({ method: 'POST', url: `/c/${chat.id}/unsubscribe`, headers: { ...form, origin: app.origin }, payload: '' })).statusCode).toBe(404);
    expect((await app.app.inject({ method: 'POST', url: `/c/${chat.id}/unsubscribe`, headers: { ...form, origin: 'https://evil.example' }, payload: '' })).statusCode).toBe(403);
  });

  it('mails a visible ticket status change without notes, tags, assignee or priority', async () => {
    const chat = await chatWith('vera.ticket@example.org');
    const ticket = json(await app.app.inject({ method: 'POST', url: '/api/tickets', headers: owner.headers, payload: { conversationId: chat.id, title: 'Parcel lost' } })).ticket;
    const patched = await app.app.inject({
      method: 'PATCH', url: `/api/tickets/${ticket.id}`, headers: owner.headers,
      payload: { visibleToVisitor: true, status: 'in_progress', notes: 'INTERNAL-NOTE-xyz', priority: 'urgent', tags: ['vip-tag'] },
    });
    expect(patched.statusCode).toBe(200);
    expect(await app.app.visitorMail.tick(later())).toBe(1);
    const mail = await smtp.waitFor((m) => m.to.includes('vera.ticket@example.org'));
    expect(mail.parsed.subject).toBe(`Your request #${ticket.number} — In progress (Acme Support)`);
    expect(mail.parsed.text).toContain(`Your request #${ticket.number} — In progress: Parcel lost`);
    for (const secret of ['INTERNAL-NOTE-xyz', 'vip-tag', 'urgent', owner.user.email]) expect(mail.raw).not.toContain(secret);
    // A hidden ticket's change is never queued.
    await app.app.inject({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, headers: owner.headers, payload: { visibleToVisitor: false } });
    await app.app.inject({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, headers: owner.headers, payload: { status: 'closed' } });
    expect(await app.app.visitorMail.tick(later())).toBe(0);

    // The bulk change queues the same way (same transaction as the change).
    await app.app.inject({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, headers: owner.headers, payload: { visibleToVisitor: true } });
    await app.app.visitorMail.tick(later());
    const bulk = await app.app.inject({ method: 'POST', url: '/api/tickets/bulk', headers: owner.headers, payload: { ids: [ticket.id], set: { status: 'in_progress' } } });
    expect(bulk.statusCode).toBe(200);
    expect(await app.app.visitorMail.tick(later())).toBe(1);
    await smtp.waitFor((m) => m.to.includes('vera.ticket@example.org') && m.parsed.subject === `Your request #${ticket.number} — In progress (Acme Support)` && m !== mail);
  });
});

describeEachEngine('visitor mail: mail off', (t) => {
  it('sends nothing without SMTP_URL and closes the queue rows as off', async () => {
    const owner = await createOwner(t());
    const chat = await startChat(t(), owner.siteKey, 'Hi', { visitor: { email: 'nomail@example.org' } });
    await t().app.inject({ method: 'POST', url: `/api/conversations/${chat.id}/messages`, headers: owner.headers, payload: { body: 'Answer' } });
    expect(await t().app.visitorMail.tick(later())).toBe(0);
    const rows = await t().app.db.selectFrom('visitor_mail_queue').select('outcome').where('conversation_id', '=', chat.id).execute();
    expect(rows.map((row) => row.outcome)).toEqual(['off']);
  });
});

describeEachEngine('visitor mail: hosted page rate limit', (t) => {
  it('limits token probes per IP address (429 past the limit)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await t().app.inject({ method: 'GET', url: `/c/missing0000000000000000?t=fmr_guess${i}` })).statusCode);
    expect(statuses).toEqual([404, 404, 404, 429]);
  });
}, { PUBLIC_RATE_LIMIT: '3' });
