import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { gone, launchBrowser, screenshot, urlMatches, visible, type Owner } from './helpers.js';
import { LAPTOP, ownerContext, ownerWithData, PHONE, THEMES, type Screen } from './screens.js';

/**
 * Every main screen at phone widths (360 and 390 px), on a tablet (768 px) and on a laptop, in the light and the dark
 * theme: nothing scrolls sideways, and a screenshot of each is kept in e2e/artifacts/ (CI artifacts).
 */
describe('phones, tablets and dark mode', () => {
  let browser: Browser;
  let owner: Owner;
  let screens: Screen[];

  beforeAll(async () => {
    browser = await launchBrowser();
    ({ owner, screens } = await ownerWithData(browser));
  });
  afterAll(async () => {
    await browser?.close();
  });

  const sizes = [['360', { width: 360, height: 740 }], ['390', PHONE], ['768', { width: 768, height: 1024 }], ['1366', LAPTOP]] as const;
  for (const theme of THEMES) {
    for (const [size, viewport] of sizes) {
      it(`no screen scrolls sideways at ${size} px (${theme})`, async () => {
        const context = await ownerContext(browser, owner, viewport, theme);
        const page = await context.newPage();
        const sideways: Record<string, string[]> = {};
        for (const screen of screens) {
          await page.goto(screen.path);
          await screen.ready(page);
          const overflowing = await horizontalOverflow(page);
          if (overflowing.length) sideways[screen.name] = overflowing;
          // The theme really applies: the page background is dark in dark mode and light otherwise.
          if (screen.themed !== false) expect(await backgroundLightness(page), screen.name).toSatisfy((l: number) => (theme === 'dark' ? l < 0.2 : l > 0.8));
          if (size === '390' || size === '1366') await screenshot(page, `${screen.name}-${size}-${theme}`);
        }
        await context.close();
        expect(sideways).toEqual({});
      });
    }
  }

  it('on a phone, the menu opens a drawer, and chat goes from the list to a thread and back', async () => {
    const context = await ownerContext(browser, owner, PHONE, 'light');
    const page = await context.newPage();
    await page.goto('/chat');
    await visible(page.locator('.conversation-name', { hasText: 'Vera Visitor' }));
    // The navigation is not on screen (nor in the tab order) until the menu opens.
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
    const menu = page.getByRole('button', { name: 'Menu' });
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    // Focus moves into the drawer; the page behind it is inert.
    expect(await page.evaluate(() => document.activeElement?.closest('nav')?.id)).toBe('main-nav');
    expect(await page.evaluate(() => document.getElementById('main')!.inert)).toBe(true);
    await screenshot(page, 'phone-menu-390-light');
    await page.getByRole('link', { name: 'Tickets' }).click();
    await urlMatches(page, /\/tickets$/);
    await gone(page.getByRole('navigation', { name: 'Main' }));
    // Escape closes the drawer and gives focus back to the menu button.
    await menu.click();
    await visible(page.getByRole('link', { name: 'Settings' }));
    await page.keyboard.press('Escape');
    await gone(page.getByRole('navigation', { name: 'Main' }));
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-controls'))).toBe('main-nav');

    await page.goto('/chat');
    await page.locator('.conversation-name', { hasText: 'Vera Visitor' }).click();
    await urlMatches(page, /\/chat\/[^/]+$/);
    await visible(page.getByLabel('Reply'));
    expect(await page.getByRole('heading', { name: 'Chat', exact: true }).isVisible()).toBe(false);
    // The reply box and its buttons are thumb-sized.
    const send = await page.getByRole('button', { name: 'Send', exact: true }).boundingBox();
    expect(send!.height).toBeGreaterThanOrEqual(40);
    expect(await page.getByLabel('Reply').evaluate((el) => getComputedStyle(el).fontSize)).toBe('16px');
    await page.getByRole('link', { name: 'All conversations' }).click();
    await urlMatches(page, /\/chat$/);
    await visible(page.getByRole('heading', { name: 'Chat', exact: true }));
    await context.close();
  });

  it('remembers the theme chosen in Settings over the system one, and goes back to automatic', async () => {
    const context = await ownerContext(browser, owner, LAPTOP, 'light');
    const page = await context.newPage();
    await page.goto('/settings');
    await page.getByLabel('Dark').check();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.reload();
    await visible(page.getByLabel('Widget snippet', { exact: true }));
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await page.getByLabel('Dark').isChecked()).toBe(true);
    expect(await backgroundLightness(page)).toBeLessThan(0.2);
    await screenshot(page, 'settings-theme-switch-dark');

    await page.getByLabel('Automatic (as your system)').check();
    expect(await page.evaluate(() => document.documentElement.hasAttribute('data-theme'))).toBe(false);
    expect(await backgroundLightness(page)).toBeGreaterThan(0.8);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await backgroundLightness(page)).toBeLessThan(0.2);
    await context.close();
  });
});

/**
 * What scrolls sideways: the document itself (the check, scrollWidth ≤ innerWidth), and any
 * element that overflows its own box sideways (the dashboard scrolls inside <main>, so the document
 * alone would hide a too-wide table). Text fields and code blocks may scroll their own content.
 */
function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    if (document.scrollingElement!.scrollWidth > window.innerWidth) found.push(`document ${document.scrollingElement!.scrollWidth} > ${window.innerWidth}`);
    for (const element of document.querySelectorAll<HTMLElement>('body *')) {
      if (element.matches('textarea, input, select, pre, code, .tabs, .visually-hidden') || element.closest('.visually-hidden, [hidden]')) continue;
      const style = getComputedStyle(element);
      if (style.overflowX !== 'auto' && style.overflowX !== 'scroll') continue;
      if (element.scrollWidth > element.clientWidth + 1) found.push(`${element.tagName.toLowerCase()}.${element.className} ${element.scrollWidth} > ${element.clientWidth}`);
    }
    for (const element of document.querySelectorAll<HTMLElement>('main *, body > main')) {
      const box = element.getBoundingClientRect();
      if (box.width > 0 && box.right > window.innerWidth + 1 && !element.closest('.visually-hidden, textarea, pre')) {
        found.push(`${element.tagName.toLowerCase()}.${element.className} right edge ${Math.round(box.right)} > ${window.innerWidth}`);
        break;
      }
    }
    return found;
  });
}

/** The page background's relative lightness, 0 (black) to 1 (white). */
function backgroundLightness(page: Page): Promise<number> {
  return page.evaluate(() => {
    const main = document.querySelector('main');
    const colour = getComputedStyle(main && getComputedStyle(main).backgroundColor !== 'rgba(0, 0, 0, 0)' ? main : document.body).backgroundColor;
    const [r, g, b] = colour.match(/\d+(\.\d+)?/g)!.map(Number) as [number, number, number];
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  });
}
