import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { seriousViolations } from './axe.js';
import { baseUrl, gone, launchBrowser, ownerApi, screenshot, signedInOwner, visible, visitorStartsConversation, type Owner } from './helpers.js';

/** A brand-new workspace: empty states that say what to do next, and the checklist that ticks itself off live. */
describe('first run', () => {
  let browser: Browser;
  let owner: Owner;

  beforeAll(async () => {
    browser = await launchBrowser();
    owner = await signedInOwner(browser, 'Nora New');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('links the empty screens to Settings, the demo page and a new form', async () => {
    const { page } = owner;
    await page.goto('/chat');
    await visible(page.getByText('No conversations yet'));
    expect(await page.locator('.empty').getByRole('link', { name: 'Settings' }).getAttribute('href')).toBe('/settings');
    expect(await page.locator('.empty').getByRole('link', { name: 'your demo page' }).getAttribute('href')).toBe('/demo');
    await page.goto('/forms');
    await page.locator('.empty').getByRole('link', { name: 'Create a form' }).click();
    await page.waitForURL(/\/forms\/new$/);
    await page.goto('/submissions');
    expect(await page.locator('.empty').getByRole('link', { name: 'Create a form' }).getAttribute('href')).toBe('/forms/new');
    // Every empty screen passes axe-core in both themes (links in the empty-state text included).
    for (const path of ['/chat', '/tickets', '/submissions', '/forms', '/tags']) {
      await page.goto(path);
      await visible(page.locator('.empty'));
      for (const colorScheme of ['light', 'dark'] as const) {
        // Reduced motion: no colour transitions half-way when axe reads the colours.
        await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
        expect(await seriousViolations(page), `${path} ${colorScheme}`).toEqual([]);
      }
      await page.emulateMedia({ colorScheme: 'light' });
    }
    // The demo page names the menu the way the dashboard draws it.
    const demo = await (await owner.context.request.get(`${baseUrl()}/demo`)).text();
    expect(demo).toContain('⋯ menu (Conversation actions)');
    expect(demo).not.toContain('⋮');
  });

  it('shows a checklist until the widget is on the site, a first conversation and a first ticket exist', async () => {
    const { page } = owner;
    await page.goto('/chat');
    const checklist = await visible(page.getByRole('region', { name: 'Get started' }));
    const steps = () => checklist.locator('li').evaluateAll((items) => items.map((li) => li.className === 'done'));
    expect(await steps()).toEqual([false, false, false]);
    await screenshot(page, 'first-run-checklist');
    // The new-workspace screen passes axe-core too, in both themes.
    expect(await seriousViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });

    // A visitor on the demo page (this server's own origin): a first conversation, not yet the owner's site.
    await visitorStartsConversation(owner.siteKey, { name: 'Demo Dora', body: 'Trying it out', pageUrl: `${baseUrl()}/demo` });
    await visible(checklist.locator('li.done'));
    expect(await steps()).toEqual([false, true, false]);

    // A visitor on the owner's real site, then a ticket: every step done, the checklist goes away (live).
    const { conversation } = await visitorStartsConversation(owner.siteKey, { name: 'Real Rita', body: 'Hello from your shop', pageUrl: 'https://shop.example.com/' });
    await visible(checklist.locator('li.done').nth(1));
    expect(await steps()).toEqual([true, true, false]);
    await ownerApi(owner, 'POST', '/api/tickets', { conversationId: conversation.id });
    await gone(page.getByRole('region', { name: 'Get started' }));
  });
});
