import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { seriousViolations } from './axe.js';
import { baseUrl, launchBrowser, ownerApi, screenshot, visible, type Owner } from './helpers.js';
import { startHostileSite } from './hostile-site.js';
import { LAPTOP, ownerContext, ownerWithData, PHONE, THEMES, type Screen } from './screens.js';

/**
 * axe-core on every main screen of the dashboard, the hosted form and the widget: no serious or
 * critical violation (text contrast ≥ 4.5:1 included), in the light and the dark theme, at phone
 * and laptop width.
 */
describe('accessibility (axe-core)', () => {
  let browser: Browser;
  let owner: Owner;
  let screens: Screen[];
  let site: Awaited<ReturnType<typeof startHostileSite>>;

  beforeAll(async () => {
    browser = await launchBrowser();
    ({ owner, screens } = await ownerWithData(browser));
    site = await startHostileSite(owner.siteKey);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  for (const theme of THEMES) {
    for (const [size, viewport] of [['phone', PHONE], ['laptop', LAPTOP]] as const) {
      it(`dashboard screens have no serious violations (${theme}, ${size})`, async () => {
        const context = await ownerContext(browser, owner, viewport, theme);
        const page = await context.newPage();
        const found: Record<string, unknown> = {};
        for (const screen of screens) {
          await page.goto(screen.path);
          await screen.ready(page);
          const problems = await seriousViolations(page);
          if (problems.length) found[screen.name] = problems;
        }
        await context.close();
        expect(found).toEqual({});
      });

      it(`the sign-in and sign-up screens have no serious violations (${theme}, ${size})`, async () => {
        const context = await browser.newContext({ baseURL: baseUrl(), viewport, colorScheme: theme, reducedMotion: 'reduce' });
        const page = await context.newPage();
        const found: Record<string, unknown> = {};
        for (const path of ['/login', '/signup', '/forgot-password']) {
          await page.goto(path);
          await visible(page.getByRole('heading').first());
          const problems = await seriousViolations(page);
          if (problems.length) found[path] = problems;
        }
        await context.close();
        expect(found).toEqual({});
      });

      it(`the widget has no serious violations, closed and open (${theme}, ${size})`, async () => {
        const context = await browser.newContext({ viewport, colorScheme: theme });
        const page = await context.newPage();
        await page.goto(`${site.url}/?theme=auto`);
        const bubble = await visible(page.getByRole('button', { name: 'Open chat' }));
        const closed = await seriousViolations(page);
        await bubble.click();
        await visible(page.getByRole('dialog', { name: 'Chat with Acme' }));
        const open = await seriousViolations(page);
        // With messages from both sides (the visitor's own bubble carries a timestamp on the accent colour).
        await page.getByLabel('Message', { exact: true }).fill(`Hello from the ${theme} ${size} test`);
        await page.keyboard.press('Enter');
        await visible(page.locator('floatmessage-chat .msg.visitor:not(.pending)'));
        const { items } = await ownerApi<{ items: { id: string }[] }>(owner, 'GET', '/api/conversations?status=all&limit=1');
        await ownerApi(owner, 'POST', `/api/conversations/${items[0]!.id}/messages`, { body: 'Thanks, we are on it.' });
        await visible(page.locator('floatmessage-chat .msg.owner'));
        const chatting = await seriousViolations(page);
        await screenshot(page, `widget-chat-${size}-${theme}`);
        await context.close();
        expect({ closed, open, chatting }).toEqual({ closed: [], open: [], chatting: [] });
      });
    }
  }
});
