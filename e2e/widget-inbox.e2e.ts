import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  baseUrl, dropFiles, expectEventually, gone, launchBrowser, ownerApi, PASSWORD, samplePdf, screenshot, signedInOwner, uniqueEmail, visible,
  type Owner,
} from './helpers.js';

/**
 * The widget side of the live inbox in a real browser, embedded on another site (its own origin):
 * teammates' names on their replies, typing both ways, and files both ways. The team works through
 * the API and its live socket (/api/ws with an API token), as an integration or the dashboard would.
 */
describe('visitor widget: names, typing and files', () => {
  let browser: Browser;
  let owner: Owner;
  let mate: Owner;
  let site: http.Server;
  let siteUrl = '';
  let visitor: BrowserContext;
  let page: Page;
  let conversationId = '';
  let socket: WebSocket;
  const frames: { type: string; data: any }[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    owner = await signedInOwner(browser, 'Olive Owner');
    mate = await teammateOf(browser, owner, 'Mia Mate');
    const { token } = await ownerApi(owner, 'POST', '/api/tokens', { name: 'live inbox test' });
    socket = new WebSocket(`${baseUrl().replace(/^http/, 'ws')}/api/ws`, { headers: { authorization: `Bearer ${token}` } });
    socket.on('message', (data) => frames.push(JSON.parse(String(data))));
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    site = await startSite(owner.siteKey);
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    visitor = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await visitor.newPage();
  });
  afterAll(async () => {
    socket?.close();
    await browser?.close();
    await new Promise((resolve) => site?.close(resolve));
  });

  const widget = (selector: string, hasText?: string) => page.locator(`floatmessage-chat ${selector}`, hasText ? { hasText } : {});
  const messagesOnServer = async () => (await ownerApi(owner, 'GET', `/api/conversations/${conversationId}`)).messages;
  /** Waits for an owner-socket frame (already received or still to come). */
  const frame = (match: (f: { type: string; data: any }) => boolean) =>
    expectEventually(async () => frames.some(match), true).then(() => frames.find(match)!);
  const imageLoaded = (selector: string, hasText?: string) =>
    expectEventually(() => widget(selector, hasText).first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), true);

  it('names each teammate on their replies, and shows typing both ways', async () => {
    await page.goto(`${siteUrl}/pricing`);
    await page.getByRole('button', { name: 'Open chat' }).click();
    // Files come after the first message (it starts the conversation); the button says so.
    const attach = await visible(widget('button.attach'));
    expect(await attach.getAttribute('aria-label')).toBe('Attach a file');
    expect(await attach.getAttribute('aria-disabled')).toBe('true');
    // aria-disabled, not disabled: it stays reachable by keyboard and explains itself.
    await attach.focus();
    await page.keyboard.press('Enter');
    await visible(page.getByRole('alert').getByText('You can attach files once your first message is sent.'));

    await page.getByLabel('Name (optional)').fill('Vera Visitor');
    await page.getByLabel('Message', { exact: true }).fill('Hello, can I send you a screenshot?');
    await page.keyboard.press('Enter');
    await visible(widget('.msg.visitor:not(.pending)', 'can I send you a screenshot?'));
    conversationId = (await ownerApi(owner, 'GET', '/api/conversations')).items[0].id;
    expect(await attach.getAttribute('aria-disabled')).toBe('false');

    // An agent types (owner socket) → the widget says who, in a polite status; their reply ends it.
    socket.send(JSON.stringify({ type: 'typing', data: { conversationId } }));
    await visible(page.getByRole('status').filter({ hasText: 'Olive Owner is typing…' }));
    await screenshot(page, 'widget-agent-typing');
    await ownerApi(owner, 'POST', `/api/conversations/${conversationId}/messages`, { body: 'Sure, send it over.' });
    const reply = await visible(widget('.msg.owner', 'Sure, send it over.'));
    expect(await reply.locator('.who').textContent()).toBe('Olive Owner');
    await gone(widget('.typing', 'is typing'));

    // Another teammate answers: their own name, not the owner's.
    await ownerApi(mate, 'POST', `/api/conversations/${conversationId}/messages`, { body: 'Mia here, I can help too.' });
    const mateReply = await visible(widget('.msg.owner', 'Mia here, I can help too.'));
    expect(await mateReply.locator('.who').textContent()).toBe('Mia Mate');
    expect(await widget('.msg.visitor .who').count()).toBe(0);

    // The visitor types → the team's socket gets it (never stored as a message).
    await page.getByLabel('Message', { exact: true }).pressSequentially('Here it');
    const typing = await frame((f) => f.type === 'conversation.typing' && f.data.conversationId === conversationId && f.data.who === 'visitor');
    expect(typing.data).toMatchObject({ conversationId, who: 'visitor' });
    expect((await messagesOnServer()).map((m: { body: string }) => m.body)).toEqual(['Hello, can I send you a screenshot?', 'Sure, send it over.', 'Mia here, I can help too.']);
    await page.getByLabel('Message', { exact: true }).fill('');
  });

  it('sends a picked PNG and a dropped PDF with the team seeing them as files; checks files first', async () => {
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), widget('button.attach').click()]);
    await chooser.setFiles({ name: 'screen.png', mimeType: 'image/png', buffer: await png(120, 80) });
    await visible(widget('.msg.visitor a.thumb img[alt="screen.png"]'));
    await imageLoaded('.msg.visitor a.thumb img[alt="screen.png"]');
    const sent = (await messagesOnServer()).at(-1);
    expect(sent).toMatchObject({ author: 'visitor', body: '', attachments: [{ filename: 'screen.png', contentType: 'image/png' }] });
    expect(sent.attachments[0].thumbnailUrl).toBe(`${sent.attachments[0].url}/thumbnail`);
    // The team's dashboards hear of it live, file included.
    await frame((f) => f.type === 'message.created' && f.data.message?.id === sent.id && f.data.message.attachments?.[0]?.filename === 'screen.png');
    // The thumbnail opens the file itself, with the visitor's token.
    const href = await widget('.msg.visitor a.thumb').first().getAttribute('href');
    expect(href).toMatch(new RegExp(`^${baseUrl()}/api/widget/conversations/${conversationId}/attachments/${sent.attachments[0].id}\\?token=`));
    expect((await fetch(href!)).headers.get('content-type')).toBe('image/png');

    await dropFiles(page, '.panel', [{ name: 'quote.pdf', type: 'application/pdf', base64: samplePdf() }], 'floatmessage-chat');
    const pdf = await visible(widget('.msg.visitor a.file', 'quote.pdf'));
    expect(await pdf.getAttribute('href')).toMatch(/\/attachments\/[^/?]+\?token=/);
    expect((await messagesOnServer()).at(-1).attachments[0]).toMatchObject({ filename: 'quote.pdf', contentType: 'application/pdf', thumbnailUrl: null });
    await screenshot(page, 'widget-files-sent');

    // Checked before sending (nothing uploaded), and the server's refusals read as sentences.
    const count = (await messagesOnServer()).length;
    await dropFiles(page, '.panel', [{ name: 'setup.exe', type: 'application/x-msdownload', base64: 'TVqQAAMAAAAEAAAA' }], 'floatmessage-chat');
    await visible(page.getByRole('alert').getByText('“setup.exe” can’t be sent: you can send images (JPEG, PNG, WebP, GIF), PDF, text, CSV and Word documents.'));
    await dropFiles(page, '.panel', [{ name: 'huge.png', type: 'image/png', zeros: 5 * 1024 * 1024 + 1 }], 'floatmessage-chat');
    await visible(page.getByRole('alert').getByText('“huge.png” is larger than 5 MB, the limit for files.'));
    await dropFiles(page, '.panel', [{ name: 'fake.png', type: 'image/png', base64: Buffer.from('<html><script>alert(1)</script>').toString('base64') }], 'floatmessage-chat');
    await visible(page.getByRole('alert').getByText('“fake.png” can’t be sent', { exact: false }));
    expect(await messagesOnServer()).toHaveLength(count);
  });

  it('shows a file the agent sends as an image in the widget, and keeps files and names after a reload', async () => {
    const upload = await owner.context.request.post(`/api/conversations/${conversationId}/attachments`, {
      headers: { origin: baseUrl() },
      multipart: { file: { name: 'from-agent.png', mimeType: 'image/png', buffer: await png(200, 150) } },
    });
    expect(upload.status()).toBe(201);
    await visible(widget('.msg.owner a.thumb img[alt="from-agent.png"]'));
    await imageLoaded('.msg.owner a.thumb img[alt="from-agent.png"]');
    expect(await widget('.msg.owner:has(img[alt="from-agent.png"]) .who').textContent()).toBe('Olive Owner');

    await page.reload();
    await page.getByRole('button', { name: /^Open chat/ }).click();
    await visible(widget('.msg.owner a.thumb img[alt="from-agent.png"]'));
    await imageLoaded('.msg.visitor a.thumb img[alt="screen.png"]');
    await visible(widget('.msg.visitor a.file', 'quote.pdf'));
    expect(await widget('.msg.owner', 'Mia here').locator('.who').textContent()).toBe('Mia Mate');
    await screenshot(page, 'widget-files-after-reload');
  });

  it('shows the upload with its progress until the server has the file', async () => {
    // The upload is held at the network until the bar has been seen, so no timing decides the test.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/widget/conversations/*/attachments', async (route) => {
      if (route.request().method() === 'POST') await held;
      await route.continue();
    });
    // Every value the bar shows is recorded (it reflects to the attribute), however quick the upload.
    await page.evaluate(() => {
      const seen: number[] = ((window as unknown as { progressSeen: number[] }).progressSeen = []);
      new MutationObserver((records) => records.forEach((r) => seen.push(Number((r.target as Element).getAttribute('value')))))
        .observe(document.querySelector('floatmessage-chat')!.shadowRoot!, { subtree: true, attributeFilter: ['value'] });
    });
    await dropFiles(page, '.panel', [{ name: 'big.png', type: 'image/png', png: { width: 700, height: 700, noise: true } }], 'floatmessage-chat');
    const progress = await visible(page.getByRole('progressbar', { name: 'Sending big.png' }));
    expect(await progress.getAttribute('max')).toBe('100');
    await visible(widget('.msg.pending', 'big.png'));
    await screenshot(page, 'widget-upload-progress');
    release();
    await visible(widget('.msg.visitor a.thumb img[alt="big.png"]'), 30_000);
    await gone(page.getByRole('progressbar'));
    await page.unroute('**/api/widget/conversations/*/attachments');
    // XMLHttpRequest reports the finished upload body as a last progress event at the latest.
    expect(Math.max(...(await page.evaluate(() => (window as unknown as { progressSeen: number[] }).progressSeen)))).toBe(100);
  });
});

/** A real PNG (sharp, as the server's thumbnails use). */
function png(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#5b5bd6' } }).png().toBuffer();
}

/** A second member of the owner's workspace, signed up through an invite. */
async function teammateOf(browser: Browser, owner: Owner, name: string): Promise<Owner> {
  const { token } = await ownerApi(owner, 'POST', '/api/team/invites', {});
  const context = await browser.newContext({ baseURL: baseUrl() });
  const email = uniqueEmail('mate');
  const signup = await context.request.post('/api/auth/signup', { data: { email, password: PASSWORD, name, inviteToken: token }, headers: { origin: baseUrl() } });
  if (signup.status() !== 201) throw new Error(`teammate signup failed: ${signup.status()} ${await signup.text()}`);
  return { context, page: await context.newPage(), email, siteKey: owner.siteKey };
}

/** Another website embedding the widget: its own origin, so every widget call is cross-origin. */
function startSite(siteKey: string): Promise<http.Server> {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme</title></head>
<body><h1>Acme Shop</h1><script src="${baseUrl()}/widget.js" data-site="${siteKey}" data-title="Chat with Acme" async></script></body></html>`;
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(html);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
