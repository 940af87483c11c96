import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { inject } from 'vitest';

export const ARTIFACTS = path.resolve(import.meta.dirname, 'artifacts');

export const baseUrl = () => inject('baseUrl');

/** Debian's Chromium (Playwright cannot download browsers here). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const uniqueEmail = (prefix = 'owner') => `${prefix}-${randomBytes(4).toString('hex')}@example.com`;
export const PASSWORD = 'correct horse battery';

export interface Owner {
  context: BrowserContext;
  page: Page;
  email: string;
  siteKey: string;
}

/** A browser context for a fresh owner, signed up through the API (the sign-up screen has its own test). */
export async function signedInOwner(browser: Browser, name = 'Olive Owner'): Promise<Owner> {
  const context = await browser.newContext({ baseURL: baseUrl(), viewport: { width: 1280, height: 800 } });
  const email = uniqueEmail();
  const signup = await context.request.post('/api/auth/signup', { data: { email, password: PASSWORD, name }, headers: { origin: baseUrl() } });
  if (signup.status() !== 201) throw new Error(`signup failed: ${signup.status()} ${await signup.text()}`);
  const me = await (await context.request.get('/api/me')).json();
  const page = await context.newPage();
  return { context, page, email, siteKey: me.site.key };
}

/** An owner API call with the browser context's session cookie (Origin passes the CSRF check). */
export async function ownerApi<T = any>(owner: Owner, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, data?: unknown): Promise<T> {
  const response = await owner.context.request.fetch(url, { method, data, headers: { origin: baseUrl() } });
  const text = await response.text();
  if (!response.ok()) throw new Error(`${method} ${url} → ${response.status()} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** What a visitor's browser does through the public widget API. */
export async function visitorStartsConversation(
  siteKey: string,
  input: { name?: string; email?: string; body: string; pageUrl?: string; headers?: Record<string, string> },
) {
  const response = await fetch(`${baseUrl()}/api/widget/${encodeURIComponent(siteKey)}/conversations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...input.headers },
    body: JSON.stringify({
      visitor: { name: input.name, email: input.email },
      pageUrl: input.pageUrl ?? 'https://shop.example.com/pricing',
      message: { body: input.body },
    }),
  });
  if (response.status !== 201) throw new Error(`visitor conversation failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as { conversation: { id: string }; visitorToken: string };
}

export async function visitorSubmitsForm(siteKey: string, formId: string, fields: Record<string, unknown>) {
  const response = await fetch(`${baseUrl()}/api/widget/${encodeURIComponent(siteKey)}/forms/${encodeURIComponent(formId)}/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ fields, pageUrl: 'https://shop.example.com/contact' }),
  });
  if (response.status !== 201) throw new Error(`submission failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as { submission: { id: string } };
}

/** Waits until the locator is visible (Playwright's own auto-waiting assertions live in @playwright/test). */
export async function visible(locator: Locator, timeout = 10_000): Promise<Locator> {
  await locator.first().waitFor({ state: 'visible', timeout });
  return locator.first();
}

export async function gone(locator: Locator, timeout = 10_000): Promise<void> {
  await locator.first().waitFor({ state: 'hidden', timeout });
}

/** Waits for the page URL to match (client-side navigation included). */
export async function urlMatches(page: Page, pattern: RegExp, timeout = 10_000): Promise<string> {
  await page.waitForURL(pattern, { timeout });
  return page.url();
}

/** Keeps a screenshot of a key screen in e2e/artifacts/ (gitignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: false });
}

/** A ticket made through the API from a fresh visitor conversation (for tests about the ticket page itself). */
export async function ticketFromNewConversation(owner: Owner, input: { name: string; body: string; title?: string }) {
  const { conversation } = await visitorStartsConversation(owner.siteKey, { name: input.name, body: input.body });
  const { ticket } = await ownerApi(owner, 'POST', '/api/tickets', { conversationId: conversation.id, ...(input.title ? { title: input.title } : {}) });
  return { conversationId: conversation.id as string, ticket };
}

export interface DroppedFile {
  name: string;
  type: string;
  /** File content, base64; or `png` to draw a real image in the page; or a byte count of zeros. */
  base64?: string;
  /** Drawn in the page; `noise` makes it incompressible (a bigger file). */
  png?: { width: number; height: number; noise?: boolean };
  zeros?: number;
}

/**
 * Drops files on an element the way a browser does: a DataTransfer built in the page carrying real
 * File objects, dispatched as dragenter → dragover → drop. `shadowHost`: look the element up in that
 * host's (open) shadow root, e.g. the widget's.
 */
export async function dropFiles(page: Page, selector: string, files: DroppedFile[], shadowHost?: string): Promise<void> {
  await page.evaluate(async ({ selector, files, shadowHost }) => {
    const dataTransfer = new DataTransfer();
    for (const spec of files) {
      let blob: Blob;
      if (spec.png) {
        const canvas = document.createElement('canvas');
        canvas.width = spec.png.width;
        canvas.height = spec.png.height;
        const context = canvas.getContext('2d')!;
        context.fillStyle = '#5b5bd6';
        context.fillRect(0, 0, canvas.width, canvas.height);
        context.fillStyle = '#ffd166';
        context.fillRect(canvas.width / 4, canvas.height / 4, canvas.width / 2, canvas.height / 2);
        if (spec.png.noise) {
          const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
          for (let i = 0; i < pixels.data.length; i += 1) pixels.data[i] = i % 4 === 3 ? 255 : Math.floor(Math.random() * 256);
          context.putImageData(pixels, 0, 0);
        }
        blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
      } else if (spec.zeros !== undefined) {
        blob = new Blob([new Uint8Array(spec.zeros)]);
      } else {
        blob = new Blob([Uint8Array.from(atob(spec.base64 ?? ''), (c) => c.charCodeAt(0))]);
      }
      dataTransfer.items.add(new File([blob], spec.name, { type: spec.type }));
    }
    const target = (shadowHost ? document.querySelector(shadowHost)?.shadowRoot : document)?.querySelector(selector);
    if (!target) throw new Error(`no drop target ${selector}`);
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer }));
    }
  }, { selector, files, shadowHost });
}

/** A small but well-formed one-page PDF. */
export function samplePdf(): string {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << >> >>',
    '<< /Length 35 >>\nstream\nBT /F1 12 Tf 20 100 Td (Quote) Tj ET\nendstream',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1').toString('base64');
}

/** Polls `read` until it returns `expected` (for state that settles after a background save). */
export async function expectEventually<T>(read: () => Promise<T>, expected: T, timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (JSON.stringify(last) === JSON.stringify(expected)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`expected ${JSON.stringify(expected)}, last saw ${JSON.stringify(last)}`);
}

/** A teammate invited into the owner's workspace, signed up through the invite (the invite page has its own test). */
export async function invitedTeammate(browser: Browser, owner: Owner, name: string): Promise<Owner & { userId: string }> {
  const invite = await ownerApi<{ token: string }>(owner, 'POST', '/api/team/invites', {});
  const context = await browser.newContext({ baseURL: baseUrl(), viewport: { width: 1280, height: 800 } });
  const email = uniqueEmail('mate');
  const signup = await context.request.post('/api/auth/signup', {
    data: { email, password: PASSWORD, name, inviteToken: invite.token },
    headers: { origin: baseUrl() },
  });
  if (signup.status() !== 201) throw new Error(`teammate signup failed: ${signup.status()} ${await signup.text()}`);
  const me = await (await context.request.get('/api/me')).json();
  return { context, page: await context.newPage(), email, siteKey: me.site.key, userId: me.user.id };
}

/** A visitor's follow-up message through the public API. */
export async function visitorSends(conversationId: string, visitorToken: string, body: string) {
  const response = await fetch(`${baseUrl()}/api/widget/conversations/${encodeURIComponent(conversationId)}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-visitor-token': visitorToken },
    body: JSON.stringify({ body }),
  });
  if (response.status !== 201) throw new Error(`visitor message failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as { message: { id: string } };
}

/** A visitor's file through the public API (multipart field `file`, as the widget sends it). */
export async function visitorUploads(conversationId: string, visitorToken: string, file: { name: string; type: string; bytes: Uint8Array<ArrayBuffer> }) {
  const form = new FormData();
  form.append('file', new Blob([file.bytes], { type: file.type }), file.name);
  const response = await fetch(`${baseUrl()}/api/widget/conversations/${encodeURIComponent(conversationId)}/attachments`, {
    method: 'POST',
    headers: { 'x-visitor-token': visitorToken },
    body: form,
  });
  if (response.status !== 201) throw new Error(`visitor upload failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as { message: { id: string; attachments: { id: string; thumbnailUrl: string | null }[] } };
}

/**
 * The visitor's live socket, opened in a real browser page (Node 20 has no WebSocket client): frames
 * it receives are collected; `send` writes one.
 */
export async function visitorSocket(browser: Browser, conversationId: string, visitorToken: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${baseUrl()}/healthz`);
  const url = `${baseUrl().replace(/^http/, 'ws')}/api/widget/conversations/${encodeURIComponent(conversationId)}/ws?token=${encodeURIComponent(visitorToken)}`;
  await page.evaluate((url) => new Promise<void>((resolve, reject) => {
    const socket = new WebSocket(url);
    const state = window as unknown as { fmSocket: WebSocket; fmFrames: unknown[] };
    state.fmSocket = socket;
    state.fmFrames = [];
    socket.onmessage = (event) => state.fmFrames.push(JSON.parse(String(event.data)));
    socket.onopen = () => resolve();
    socket.onerror = () => reject(new Error('visitor socket failed'));
  }), url);
  return {
    send: (frame: unknown) => page.evaluate((frame) => (window as unknown as { fmSocket: WebSocket }).fmSocket.send(JSON.stringify(frame)), frame),
    frames: () => page.evaluate(() => (window as unknown as { fmFrames: { type: string; data: any }[] }).fmFrames),
    close: () => context.close(),
  };
}

/** Counts sounds the page starts through the Web Audio API (installed before the page's own scripts run). */
export async function countSounds(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const state = window as unknown as { fmOscillators: number };
    state.fmOscillators = 0;
    const original = AudioContext.prototype.createOscillator;
    AudioContext.prototype.createOscillator = function createOscillator(this: AudioContext) {
      state.fmOscillators += 1;
      return original.call(this);
    };
  });
}

export const soundsPlayed = (page: Page) => page.evaluate(() => (window as unknown as { fmOscillators: number }).fmOscillators);

/**
 * Keeps every desktop notification the page shows (they are still real ones) so a test can read
 * them and click one: `dispatchEvent(click)` runs the same handler as the user's click.
 */
export async function recordNotifications(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const state = window as unknown as { fmNotifications: Notification[] };
    state.fmNotifications = [];
    const Real = window.Notification;
    if (!Real) return;
    window.Notification = class Recorded extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        state.fmNotifications.push(this);
      }
    } as typeof Notification;
  });
}

export const notificationsShown = (page: Page) =>
  page.evaluate(() => (window as unknown as { fmNotifications: Notification[] }).fmNotifications.map((n) => ({ title: n.title, body: n.body })));

export const clickNotification = (page: Page, index: number) =>
  page.evaluate((index) => (window as unknown as { fmNotifications: Notification[] }).fmNotifications[index]!.dispatchEvent(new Event('click')), index);

/** Puts another tab of the same browser in front, so this page no longer has focus (as when the user works elsewhere). */
export async function sendToBackground(page: Page): Promise<Page> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: false });
  const other = await page.context().newPage();
  await other.bringToFront();
  return other;
}

/** What Chromium reports on the console: CSP violations and any other error. */
export function watchConsole(page: Page): { violations: string[]; errors: string[] } {
  const seen = { violations: [] as string[], errors: [] as string[] };
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to (load|execute|apply|frame|connect|evaluate)/i.test(message.text())) seen.violations.push(message.text());
    else if (message.type() === 'error') seen.errors.push(message.text());
  });
  page.on('pageerror', (error) => seen.errors.push(error.message));
  return seen;
}
