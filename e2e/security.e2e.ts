import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, launchBrowser, signedInOwner, visible, visitorStartsConversation, watchConsole, type Owner } from './helpers.js';

describe('security headers in the browser', () => {
  let browser: Browser;
  let owner: Owner;
  beforeAll(async () => {
    browser = await launchBrowser();
    owner = await signedInOwner(browser);
  });
  afterAll(async () => {
    await owner?.context.close();
    await browser?.close();
  });

  it('runs the whole dashboard under its CSP without a single violation (scripts, styles, sockets, images)', async () => {
    const { violations } = watchConsole(owner.page);
    await visitorStartsConversation(owner.siteKey, { name: 'Vic', body: 'Hello there' });
    for (const [path, heading] of [['/chat', 'Chat'], ['/tickets', 'Tickets'], ['/submissions', 'Submissions'], ['/settings', 'Settings'], ['/reports', 'Reports']] as const) {
      await owner.page.goto(path);
      await visible(owner.page.getByRole('heading', { name: heading, exact: true }));
    }
    await owner.page.goto('/chat');
    await visible(owner.page.getByText('Hello there').first());
    expect(violations).toEqual([]);
  });

  it('cannot be framed by another site', async () => {
    const page = await owner.context.newPage();
    const { violations } = watchConsole(page);
    // about:blank is another origin; the signed-in ticket page must refuse to render inside it.
    await page.setContent(`<iframe id="f" src="${baseUrl()}/tickets" width="600" height="400"></iframe>`);
    await expect.poll(() => violations.some((text) => /frame-ancestors|Refused to frame|X-Frame-Options/i.test(text)), { timeout: 10_000 }).toBe(true);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    const framedHeading = frame ? await frame.getByRole('heading', { name: 'Tickets' }).count().catch(() => 0) : 0;
    expect(framedHeading).toBe(0);
    await page.close();
  });
});
