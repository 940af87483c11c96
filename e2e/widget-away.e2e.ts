import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, expectEventually, gone, launchBrowser, ownerApi, screenshot, signedInOwner, visible, type Owner } from './helpers.js';

/**
 * The widget's away state in a real browser on another site: with no teammate's dashboard open it shows
 * the away message, when to expect a reply and, after the first message, asks for the visitor's email
 * (stored on the conversation); with the dashboard open it shows the team online and asks nothing.
 */
describe('widget away state', () => {
  let browser: Browser;
  let owner: Owner;
  let site: http.Server;
  let siteUrl = '';
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    owner = await signedInOwner(browser);
    const allWeek = [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, from: '00:00', to: '24:00' }));
    const saved = await owner.context.request.put('/api/settings/availability', {
      data: { timezone: 'Europe/Berlin', hours: allWeek, awayMessage: 'We are away from the desk right now.' },
      headers: { origin: baseUrl() },
    });
    expect(saved.status()).toBe(200);
    site = await startSite(owner.siteKey);
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => site?.close(resolve));
  });

  const widget = (selector: string, hasText?: string) => page.locator(`floatmessage-chat ${selector}`, hasText ? { hasText } : {});

  it('shows the away message and asks for the email after the first message when nobody is online', async () => {
    await page.goto(`${siteUrl}/`);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await visible(widget('.presence', 'Away'));
    await visible(widget('.away', 'We are away from the desk right now.'));
    await visible(widget('.away', 'We usually reply within a few hours.'));
    // No prompt before the visitor has said anything.
    expect(await widget('form.ask').count()).toBe(0);

    await page.getByLabel('Message', { exact: true }).fill('Do you have this in blue?');
    await page.keyboard.press('Enter');
    await visible(widget('.msg.visitor:not(.pending)', 'Do you have this in blue?'));
    const prompt = await visible(page.getByRole('form', { name: 'Get the reply by email' }));
    await screenshot(page, 'widget-away-prompt');

    await prompt.getByLabel('Your email', { exact: true }).fill('not-an-email');
    await prompt.getByRole('button', { name: 'Save' }).click();
    await visible(prompt.getByText('Please check your email address.'));
    await prompt.getByLabel('Your name', { exact: true }).fill('Bea Blue');
    await prompt.getByLabel('Your email', { exact: true }).fill('bea@example.org');
    await prompt.getByRole('button', { name: 'Save' }).click();
    await visible(widget('.thanks', 'Thanks! We’ll email you at bea@example.org.'));
    await gone(page.getByRole('form', { name: 'Get the reply by email' }));

    const { items } = await ownerApi(owner, 'GET', '/api/conversations');
    expect(items[0].visitor).toMatchObject({ name: 'Bea Blue', email: 'bea@example.org' });

    // After a reload the conversation has its email: the widget does not ask again.
    await page.reload();
    await page.getByRole('button', { name: 'Open chat' }).click();
    await visible(widget('.msg.visitor', 'Do you have this in blue?'));
    await visible(widget('.presence', 'Away'));
    expect(await widget('form.ask').count()).toBe(0);
  });

  it('shows the team online while a teammate has the dashboard open', async () => {
    await owner.page.goto('/chat');
    await visible(owner.page.getByText('Live', { exact: true }));
    await expectEventually(async () => (await (await fetch(`${baseUrl()}/api/widget/${owner.siteKey}/config`)).json()).online, true);

    const fresh = await (await browser.newContext()).newPage();
    page = fresh;
    await page.goto(`${siteUrl}/`);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await visible(widget('.presence.on', 'Online'));
    await gone(widget('.away'));
    await page.getByLabel('Message', { exact: true }).fill('Quick question');
    await page.keyboard.press('Enter');
    await visible(widget('.msg.visitor:not(.pending)', 'Quick question'));
    expect(await widget('form.ask').count()).toBe(0);
    await screenshot(page, 'widget-online');
  });
});

describe('settings: availability and email notifications', () => {
  let browser: Browser;
  let owner: Owner;
  beforeAll(async () => {
    browser = await launchBrowser();
    owner = await signedInOwner(browser);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('edits business hours, time zone and away message, and the email switches', async () => {
    const { page } = owner;
    await page.goto('/settings');
    const panel = await visible(page.getByRole('region', { name: 'Availability' }));
    await panel.getByLabel('Time zone').selectOption('Europe/Berlin');
    await panel.getByLabel('Always available (no business hours)').uncheck();
    for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']) await panel.getByRole('group', { name: day }).getByRole('checkbox').check();
    await panel.getByLabel('Friday to').fill('15:30');
    await panel.getByLabel('Away message').fill('Back on Monday.');
    await panel.getByRole('button', { name: 'Save availability' }).click();
    await visible(page.getByText('Availability saved.'));
    const saved = await ownerApi(owner, 'GET', '/api/settings/availability');
    expect(saved).toEqual({
      timezone: 'Europe/Berlin',
      hours: [1, 2, 3, 4, 5].map((day) => ({ day, from: '09:00', to: day === 5 ? '15:30' : '17:00' })),
      awayMessage: 'Back on Monday.',
    });
    await screenshot(page, 'settings-availability');

    const mail = await visible(page.getByRole('region', { name: 'Email notifications' }));
    await mail.getByLabel('A form gets a new submission').uncheck();
    await expectEventually(async () => (await ownerApi(owner, 'GET', '/api/me/notifications')).email.newSubmission, false);
    await page.reload();
    await expect.poll(() => page.getByRole('region', { name: 'Email notifications' }).getByLabel('A form gets a new submission').isChecked()).toBe(false);
    expect(await page.getByRole('region', { name: 'Email notifications' }).getByLabel('A visitor starts a new conversation').isChecked()).toBe(true);
    expect(await page.getByRole('region', { name: 'Availability' }).getByLabel('Away message').inputValue()).toBe('Back on Monday.');
  });
});

function startSite(siteKey: string): Promise<http.Server> {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>
<body><h1>Shop</h1><script src="${baseUrl()}/widget.js" data-site="${siteKey}" async></script></body></html>`;
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(html);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
