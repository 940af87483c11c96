import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot, signedInOwner, visible, type Owner } from './helpers.js';
import { startHostileSite } from './hostile-site.js';
import { PHONE } from './screens.js';

/**
 * The widget on a site that fights it: a fixed header and a consent banner at the maximum z-index
 * over the bubble's corner, and one more such banner added after the widget (as consent scripts do).
 * The bubble and the panel must still take real clicks.
 */
describe('widget on hostile sites', () => {
  let browser: Browser;
  let owner: Owner;
  let site: Awaited<ReturnType<typeof startHostileSite>>;

  beforeAll(async () => {
    browser = await launchBrowser();
    owner = await signedInOwner(browser);
    site = await startHostileSite(owner.siteKey);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  /** The element a click at the centre of `selector` (inside the widget) would reach: true when it is that element. */
  const hitsWidget = (page: Page, selector: string) => page.evaluate((selector) => {
    const root = document.querySelector('floatmessage-chat')!.shadowRoot!;
    const target = root.querySelector(selector)!;
    const box = target.getBoundingClientRect();
    const hit = root.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return !!hit && (hit === target || target.contains(hit));
  }, selector);

  for (const [size, viewport] of [['laptop', { width: 1366, height: 850 }], ['phone', PHONE]] as const) {
    it(`keeps the bubble and the panel clickable above max z-index banners (${size})`, async () => {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await page.goto(site.url);
      await visible(page.getByRole('button', { name: 'Open chat' }));
      // A late banner, appended after the widget, at the same maximum z-index, covering the whole bottom.
      await page.evaluate(() => {
        const late = document.createElement('div');
        late.textContent = 'Late consent banner';
        late.style.cssText = 'position:fixed;left:0;right:0;bottom:0;height:200px;z-index:2147483647;background:#c00;color:#fff';
        document.body.append(late);
      });
      // The banner is really over the corner for the page itself...
      expect(await page.evaluate(() => document.elementFromPoint(window.innerWidth - 40, window.innerHeight - 40)?.tagName)).toBe('FLOATMESSAGE-CHAT');
      expect(await hitsWidget(page, '.bubble')).toBe(true);
      // ...and a real mouse click opens the chat (Playwright refuses to click what something covers).
      await page.getByRole('button', { name: 'Open chat' }).click();
      await visible(page.getByRole('dialog', { name: 'Chat with Acme' }));
      expect(await hitsWidget(page, 'textarea')).toBe(true);
      await page.getByLabel('Message', { exact: true }).click();
      await page.getByLabel('Message', { exact: true }).fill('Typed above the banner');
      // 16 px text in every field: iOS zooms the page into smaller ones.
      const sizes = await page.evaluate(() => [...document.querySelector('floatmessage-chat')!.shadowRoot!.querySelectorAll('input:not([type=file]), textarea')].map((el) => getComputedStyle(el).fontSize));
      expect(new Set(sizes)).toEqual(new Set(['16px']));
      await screenshot(page, `widget-hostile-${size}`);
      await page.getByRole('button', { name: 'Close chat' }).first().click();
      await context.close();
    });
  }

  it('follows data-theme: dark, auto with the visitor’s system, light by default', async () => {
    const context = await browser.newContext({ viewport: PHONE, colorScheme: 'dark' });
    const page = await context.newPage();
    const panelBackground = async (theme: string) => {
      await page.goto(`${site.url}/?theme=${theme}`);
      await page.getByRole('button', { name: 'Open chat' }).click();
      await visible(page.getByRole('dialog', { name: 'Chat with Acme' }));
      return page.evaluate(() => getComputedStyle(document.querySelector('floatmessage-chat')!.shadowRoot!.querySelector('.panel')!).backgroundColor);
    };
    expect(await panelBackground('dark')).toBe('rgb(29, 31, 38)');
    await screenshot(page, 'widget-dark');
    expect(await panelBackground('auto')).toBe('rgb(29, 31, 38)');
    expect(await panelBackground('light')).toBe('rgb(255, 255, 255)');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await panelBackground('auto')).toBe('rgb(255, 255, 255)');
    await context.close();
  });
});
