import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { samplePdf } from '../server/test/samples.js';
import { baseUrl, launchBrowser, screenshot, signedInOwner, ticketFromNewConversation, visible, type Owner } from './helpers.js';

/** Chromium's PDF viewer (an extension frame): present only when a PDF is rendered. */
const PDF_VIEWER = 'chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/';
const SCRIPT_MARK = 'pdf-openaction-ran';
const HOSTILE_PDF = samplePdf('Invoice 2024-117', `app.alert("${SCRIPT_MARK}");`);
const EVIL_TEXT = Buffer.from('Hello <script>alert("html-ran")</script>\n');

/** Every dialog (PDF app.alert, window.alert) and every download in the context, on any page or popup. */
function watch(context: BrowserContext) {
  const dialogs: string[] = [];
  const downloads: Download[] = [];
  const waiting: ((download: Download) => void)[] = [];
  const follow = (page: Page) => {
    page.on('dialog', (dialog) => {
      dialogs.push(`${page.url()}: ${dialog.message()}`);
      dialog.dismiss().catch(() => {});
    });
    page.on('download', (download) => {
      downloads.push(download);
      waiting.splice(0).forEach((resolve) => resolve(download));
    });
  };
  context.pages().forEach(follow);
  context.on('page', follow);
  const viewerFrames = () => context.pages().flatMap((page) => page.frames().map((frame) => frame.url())).filter((url) => url.startsWith(PDF_VIEWER));
  const nextDownload = () => new Promise<Download>((resolve) => waiting.push(resolve));
  return { dialogs, downloads, viewerFrames, nextDownload };
}

describe('hostile files are never rendered with the app origin (issue #17)', () => {
  let browser: Browser;
  let owner: Owner;
  let ticketId: string;

  async function upload(name: string, mimeType: string, buffer: Buffer) {
    const response = await owner.context.request.post(`/api/tickets/${ticketId}/attachments`, { multipart: { file: { name, mimeType, buffer } }, headers: { origin: baseUrl() } });
    expect(response.status(), await response.text()).toBe(201);
  }

  beforeAll(async () => {
    browser = await launchBrowser();
    owner = await signedInOwner(browser);
    ({ ticket: { id: ticketId } } = await ticketFromNewConversation(owner, { name: 'Mallory', body: 'Please check my invoice' }));
    await upload('invoice.pdf', 'application/pdf', HOSTILE_PDF);
    await upload('evil.html', 'text/html', EVIL_TEXT);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('control: the same PDF rendered inline on the app origin would run its /OpenAction script', async () => {
    const context = await browser.newContext({ baseURL: baseUrl() });
    const seen = watch(context);
    const page = await context.newPage();
    // What serving it inline used to do, reproduced on a URL of the app's origin.
    await page.route('**/inline-control.pdf', (route) => route.fulfill({ status: 200, contentType: 'application/pdf', body: HOSTILE_PDF }));
    const dialog = page.waitForEvent('dialog');
    await page.goto('/inline-control.pdf');
    expect((await dialog).message()).toBe(SCRIPT_MARK);
    expect(seen.viewerFrames().length).toBeGreaterThan(0);
    await context.close();
  });

  it('opening the PDF from the dashboard downloads it: no viewer, no script in the app origin', async () => {
    const { page, context } = owner;
    const seen = watch(context);
    await page.goto(`/tickets/${ticketId}`);
    const card = await visible(page.locator('.attachment', { hasText: 'invoice.pdf' }));
    await screenshot(page, 'hostile-pdf-attachment');

    const opened = seen.nextDownload();
    await card.getByRole('link', { name: 'Open invoice.pdf' }).click();
    const download = await opened;
    expect(download.suggestedFilename()).toBe('invoice.pdf');
    expect(fs.readFileSync((await download.path())!).equals(HOSTILE_PDF)).toBe(true);

    const saved = seen.nextDownload();
    await card.getByRole('link', { name: 'Download invoice.pdf' }).click();
    expect((await saved).suggestedFilename()).toBe('invoice.pdf');

    // The download finished and nothing rendered the PDF: no viewer frame anywhere, so no script ran.
    expect(seen.viewerFrames()).toEqual([]);
    expect(seen.dialogs).toEqual([]);
  });

  it('text named evil.html is saved as evil.html.txt and never rendered as HTML', async () => {
    const { page, context } = owner;
    const seen = watch(context);
    await page.goto(`/tickets/${ticketId}`);
    const card = await visible(page.locator('.attachment', { hasText: 'evil.html' }));
    const opened = seen.nextDownload();
    await card.getByRole('link', { name: 'Open evil.html' }).click();
    expect((await opened).suggestedFilename()).toBe('evil.html.txt');
    const saved = seen.nextDownload();
    await card.getByRole('link', { name: 'Download evil.html' }).click();
    expect((await saved).suggestedFilename()).toBe('evil.html.txt');
    expect(seen.dialogs).toEqual([]);
  });

  it("Settings shows the workspace's file storage and upload rate", async () => {
    const { page } = owner;
    await page.goto('/settings');
    const panel = page.locator('section', { has: page.getByRole('heading', { name: 'File storage' }) });
    await visible(panel);
    // The two files uploaded above: under 1 KB together, shown in bytes.
    const used = HOSTILE_PDF.length + EVIL_TEXT.length;
    expect(used).toBeLessThan(1024);
    await visible(panel.getByText(`${used} B used by 2 files`));
    await visible(panel.getByText('No storage limit is set for this server.'));
    await visible(panel.getByText('Your team may upload up to 60 files per minute.'));
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-file-storage');
  });
});
