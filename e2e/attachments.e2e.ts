import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { dropFiles, gone, launchBrowser, ownerApi, samplePdf, screenshot, signedInOwner, ticketFromNewConversation, visible, type Owner } from './helpers.js';

const DROP_TARGET = '[data-testid="attachments"]';

describe('ticket attachments', () => {
  let browser: Browser;
  let owner: Owner;
  let ticketId: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    owner = await signedInOwner(browser);
    ({ ticket: { id: ticketId } } = await ticketFromNewConversation(owner, { name: 'Ada Attach', body: 'Screenshot of the error coming' }));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('uploads a dropped image and shows its thumbnail with the original filename', async () => {
    const { page } = owner;
    await page.goto(`/tickets/${ticketId}`);
    await visible(page.getByRole('heading', { name: 'Attachments' }));
    await dropFiles(page, DROP_TARGET, [{ name: 'checkout error.png', type: 'image/png', png: { width: 640, height: 400 } }]);

    const card = await visible(page.locator('.attachment', { hasText: 'checkout error.png' }));
    expect(await card.getAttribute('data-kind')).toBe('image');
    const thumbnail = card.locator('img');
    await visible(thumbnail);
    await page.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0, await thumbnail.elementHandle());
    const { ticket } = await ownerApi(owner, 'GET', `/api/tickets/${ticketId}`);
    expect(ticket.attachments).toEqual([expect.objectContaining({ filename: 'checkout error.png', contentType: 'image/png', thumbnailUrl: expect.any(String) })]);
  });

  it('uploads a dropped PDF and shows a type icon with the filename', async () => {
    const { page } = owner;
    await page.goto(`/tickets/${ticketId}`);
    await visible(page.getByRole('heading', { name: 'Attachments' }));
    await dropFiles(page, DROP_TARGET, [{ name: 'Quote 2024-Q3.pdf', type: 'application/pdf', base64: samplePdf() }]);

    const card = await visible(page.locator('.attachment', { hasText: 'Quote 2024-Q3.pdf' }));
    expect(await card.getAttribute('data-kind')).toBe('pdf');
    expect(await card.locator('img').count()).toBe(0);
    await visible(card.locator('.file-icon.pdf'));
    const download = card.getByRole('link', { name: 'Download Quote 2024-Q3.pdf' });
    const response = await owner.context.request.get((await download.getAttribute('href'))!);
    expect(response.status()).toBe(200);
    expect((await response.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await screenshot(page, 'ticket-attachments');
  });

  it('shows a progress bar per file while it uploads', async () => {
    const { page } = owner;
    await page.goto(`/tickets/${ticketId}`);
    await visible(page.getByRole('heading', { name: 'Attachments' }));
    // A slow uplink (256 KB/s) makes the upload of a ~1 MB image last long enough to watch.
    const cdp = await owner.context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 256 * 1024 });
    await dropFiles(page, DROP_TARGET, [{ name: 'noisy-photo.png', type: 'image/png', png: { width: 600, height: 450, noise: true } }]);

    const bar = await visible(page.getByRole('progressbar', { name: 'Uploading noisy-photo.png' }));
    await page.waitForFunction((el) => Number((el as HTMLProgressElement).value) > 0, await bar.elementHandle());
    await visible(page.locator('.attachment', { hasText: 'noisy-photo.png' }), 30_000);
    await gone(page.getByRole('progressbar', { name: 'Uploading noisy-photo.png' }));
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await cdp.detach();
  });

  it('refuses a file over 5 MB before uploading, with a message', async () => {
    const { page } = owner;
    await page.goto(`/tickets/${ticketId}`);
    await visible(page.getByRole('heading', { name: 'Attachments' }));
    const uploads: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/attachments')) uploads.push(request.url());
    });
    await dropFiles(page, DROP_TARGET, [{ name: 'huge-recording.png', type: 'image/png', zeros: 6 * 1024 * 1024 }]);
    const error = await visible(page.getByRole('alert').filter({ hasText: 'huge-recording.png' }));
    expect(await error.textContent()).toContain('at most 5 MB');
    expect(uploads).toEqual([]);
    await screenshot(page, 'ticket-too-large');
  });

  it('shows the server refusal for a file whose content is not an allowed type', async () => {
    const { page } = owner;
    await page.goto(`/tickets/${ticketId}`);
    await visible(page.getByRole('heading', { name: 'Attachments' }));
    // The name says PNG, the content is a Linux executable: the server judges the content and answers 415.
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120)]).toString('base64');
    await dropFiles(page, DROP_TARGET, [{ name: 'totally-an-image.png', type: 'image/png', base64: elf }]);
    const error = await visible(page.locator('.upload.failed', { hasText: 'totally-an-image.png' }).getByRole('alert'));
    expect(await error.textContent()).toMatch(/not allowed/i);
    expect((await ownerApi(owner, 'GET', `/api/tickets/${ticketId}`)).ticket.attachments).toHaveLength(3);
  });

  it('uploads through the button and deletes an attachment', async () => {
    const { page } = owner;
    await page.goto(`/tickets/${ticketId}`);
    await visible(page.getByRole('button', { name: 'Upload files' }));
    await page.getByLabel('Choose files to attach').setInputFiles({ name: 'steps.txt', mimeType: 'text/plain', buffer: Buffer.from('1. open cart\n2. click pay\n') });
    const card = await visible(page.locator('.attachment', { hasText: 'steps.txt' }));
    await card.getByRole('button', { name: 'Delete steps.txt' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete file' }).click();
    await gone(page.locator('.attachment', { hasText: 'steps.txt' }));
    expect((await ownerApi(owner, 'GET', `/api/tickets/${ticketId}`)).ticket.attachments.map((a: { filename: string }) => a.filename).sort())
      .toEqual(['Quote 2024-Q3.pdf', 'checkout error.png', 'noisy-photo.png']);
  });
});
