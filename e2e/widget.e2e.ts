import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { baseUrl, gone, launchBrowser, ownerApi, screenshot, signedInOwner, urlMatches, visible, type Owner } from './helpers.js';

/**
 * The visitor widget in a real browser, embedded in a page of ANOTHER site (its own origin, a static
 * server started here, with a hostile stylesheet), talking to the real built server, while the owner
 * works in the dashboard in another browser context. Widget internals live in open Shadow DOM, which
 * Playwright locators pierce.
 */
describe('visitor widget', () => {
  let browser: Browser;
  let owner: Owner;
  let site: http.Server;
  let siteUrl = '';
  let formId = '';
  let visitor: BrowserContext;
  let page: Page;
  let conversationId = '';

  beforeAll(async () => {
    browser = await launchBrowser();
    owner = await signedInOwner(browser);
    const { form } = await ownerApi(owner, 'POST', '/api/forms', {
      name: 'Quote request',
      fields: [
        { name: 'name', label: 'Your name', type: 'text', required: true },
        { name: 'email', label: 'Email', type: 'email', required: true },
        { name: 'seats', label: 'Seats', type: 'select', options: ['1-10', '11-50'], required: true },
        { name: 'details', label: 'Details', type: 'textarea' },
        { name: 'consent', label: 'You may contact me', type: 'checkbox', required: true },
      ],
    });
    formId = form.id;
    site = await startSite(owner.siteKey, formId);
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    visitor = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await visitor.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => site?.close(resolve));
  });

  const widget = (selector: string, hasText?: string) => page.locator(`floatmessage-chat ${selector}`, hasText ? { hasText } : {});
  /** The owner answers in the dashboard's open conversation. */
  const ownerReplies = async (body: string) => {
    await owner.page.getByLabel('Reply').fill(body);
    await owner.page.keyboard.press('Enter');
    await visible(owner.page.locator('.message.owner .bubble', { hasText: body }));
  };
  const ownerSees = (body: string) => visible(owner.page.locator('.bubble', { hasText: body }));

  it('lets a visitor on another site chat with the owner in the dashboard, both live', async () => {
    await owner.page.goto('/chat');
    await visible(owner.page.getByText('Live', { exact: true }));
    await page.goto(`${siteUrl}/pricing`);
    // Keyboard: the bubble is a button; opening it focuses the message box; Escape closes it again.
    const bubble = await visible(page.getByRole('button', { name: 'Open chat' }));
    await bubble.focus();
    await page.keyboard.press('Enter');
    await visible(page.getByRole('dialog', { name: 'Chat with Acme' }));
    expect(await page.evaluate(() => document.querySelector('floatmessage-chat')?.shadowRoot?.activeElement?.getAttribute('aria-label'))).toBe('Message');
    await page.keyboard.press('Escape');
    await gone(page.getByRole('dialog', { name: 'Chat with Acme' }));
    expect(await page.evaluate(() => document.querySelector('floatmessage-chat')?.shadowRoot?.activeElement?.getAttribute('aria-expanded'))).toBe('false');

    await page.getByRole('button', { name: 'Open chat' }).click();
    await page.getByLabel('Name (optional)').fill('Vera Visitor');
    await page.getByLabel('Message', { exact: true }).fill('Hi! Do you ship to <Norway>?');
    await page.keyboard.press('Enter');
    await visible(widget('.msg.visitor:not(.pending)', 'Do you ship to <Norway>?'));

    // The conversation appears in the dashboard live, with the visitor's name and page.
    const item = await visible(owner.page.locator('[data-conversation-id]', { hasText: 'Vera Visitor' }));
    conversationId = (await item.getAttribute('data-conversation-id'))!;
    await item.click();
    await urlMatches(owner.page, new RegExp(`/chat/${conversationId}$`));
    await ownerSees('Hi! Do you ship to <Norway>?');
    await visible(owner.page.getByRole('link', { name: /127\.0\.0\.1.*\/pricing/ }));

    await ownerReplies('We do! <b>Free</b> over 50 €.');
    // Text stays text on the visitor's side.
    await visible(widget('.msg.owner', 'We do! <b>Free</b> over 50 €.'));
    expect(await widget('.msg b').count()).toBe(0);
    await visible(page.getByRole('log', { name: 'Messages' }).getByText('We do!', { exact: false }));

    await page.getByLabel('Message', { exact: true }).fill('Great, thanks!');
    await page.keyboard.press('Enter');
    await ownerSees('Great, thanks!');
    await screenshot(page, 'widget-chat');
    await screenshot(owner.page, 'widget-chat-dashboard');
  });

  it('keeps the conversation and its history across a reload, and stays live; owner-only data never reaches it', async () => {
    // The owner turns the chat into a ticket with internal notes (the loop the demo page describes).
    await owner.page.getByRole('button', { name: 'Conversation actions' }).click();
    await owner.page.getByRole('menuitem', { name: 'Create Ticket' }).click();
    const ticketId = (await urlMatches(owner.page, /\/tickets\/[^/]+$/)).split('/').pop()!;
    const { ticket } = await ownerApi(owner, 'GET', `/api/tickets/${ticketId}`);
    expect(ticket).toMatchObject({ conversationId, title: 'Vera Visitor' });
    await ownerApi(owner, 'PATCH', `/api/tickets/${ticketId}`, { notes: 'INTERNAL: offer the VIP discount', version: ticket.version });
    await owner.page.goto(`/chat/${conversationId}`);

    await page.reload();
    await page.getByRole('button', { name: 'Open chat' }).click();
    await visible(widget('.msg.visitor', 'Do you ship to <Norway>?'));
    await visible(widget('.msg.owner', 'We do!'));
    await visible(widget('.msg.visitor', 'Great, thanks!'));

    await ownerReplies('Anything else?');
    await visible(widget('.msg.owner', 'Anything else?'));
    const conversations = await ownerApi(owner, 'GET', '/api/conversations');
    expect(conversations.items).toHaveLength(1);
    const shown = await page.evaluate(() => document.querySelector('floatmessage-chat')?.shadowRoot?.textContent ?? '');
    expect(shown).toContain('Anything else?');
    expect(shown).not.toMatch(/INTERNAL|VIP discount/);
  });

  it('shows the unread count on the closed bubble', async () => {
    await page.keyboard.press('Escape');
    await ownerReplies('Ping!');
    await visible(page.getByRole('button', { name: 'Open chat, 1 new reply' }));
    expect(await widget('.badge').textContent()).toBe('1');
    await page.getByRole('button', { name: 'Open chat, 1 new reply' }).click();
    await gone(widget('.badge'));
  });

  it('queues messages typed while offline and sends them, in order, when the connection is back', async () => {
    await visitor.setOffline(true);
    try {
      await page.getByLabel('Message', { exact: true }).fill('Sent from a tunnel');
      await page.keyboard.press('Enter');
      await page.getByLabel('Message', { exact: true }).fill('and another one');
      await page.keyboard.press('Enter');
      await visible(widget('.status', 'You are offline'));
      expect(await widget('.msg.pending').count()).toBe(2);
      await screenshot(page, 'widget-offline');
    } finally {
      await visitor.setOffline(false);
    }
    await gone(widget('.msg.pending'), 20_000);
    await ownerSees('and another one');
    const { messages } = await ownerApi(owner, 'GET', `/api/conversations/${conversationId}`);
    expect(messages.map((m: { body: string }) => m.body).slice(-2)).toEqual(['Sent from a tunnel', 'and another one']);
  });

  it('fills the screen on a phone', async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 720 }, isMobile: true, hasTouch: true });
    const mobile = await phone.newPage();
    await mobile.goto(`${siteUrl}/pricing`);
    await mobile.getByRole('button', { name: 'Open chat' }).click();
    const box = await (await visible(mobile.getByRole('dialog', { name: 'Chat with Acme' }))).boundingBox();
    expect(box).toEqual({ x: 0, y: 0, width: 375, height: 720 });
    await screenshot(mobile, 'widget-mobile');
    await phone.close();
  });

  it('renders an embedded form, checks it like the server does, and the owner gets it with the page URL', async () => {
    await owner.page.goto('/submissions');
    await visible(owner.page.getByText('Live', { exact: true }));
    await page.goto(`${siteUrl}/contact`);
    const form = page.locator('[data-floatmessage-form]');
    await visible(form.getByRole('group', { name: 'Quote request' }));

    // Client-side checks use the server's rules and messages, next to each field.
    await form.getByRole('button', { name: 'Send' }).click();
    await visible(form.getByText('"Your name" is required.'));
    await visible(form.getByText('"You may contact me" must be checked.'));
    expect(await form.getByLabel('Your name').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Email').fill('not an address');
    await form.getByRole('button', { name: 'Send' }).click();
    await visible(form.getByText('"Email" must be an email address.'));
    // The honeypot is there for bots only: hidden from people, screen readers and the keyboard.
    expect(await form.locator('input[name="_hp"]').getAttribute('tabindex')).toBe('-1');
    expect(await form.locator('.hp').getAttribute('aria-hidden')).toBe('true');

    await form.getByLabel('Your name').fill('Nina Needs');
    await form.getByLabel('Email').fill('nina@example.com');
    await form.getByLabel('Seats').selectOption('11-50');
    await form.getByLabel('Details').fill('Quote for 40 seats, please.');
    await form.getByLabel('You may contact me').check();
    await form.getByRole('button', { name: 'Send' }).click();
    await visible(form.getByRole('status').getByText('Thank you! Your answers were sent.'));
    await screenshot(page, 'widget-form-sent');

    // It shows up in the dashboard live, with the page it was sent from.
    const row = await visible(owner.page.locator('tr[data-submission-id]', { hasText: 'Nina Needs' }));
    expect(await row.textContent()).toContain('Quote request');
    expect(await row.textContent()).toContain('/contact');
    const { items } = await ownerApi(owner, 'GET', `/api/submissions?formId=${formId}`);
    expect(items[0]).toMatchObject({ pageUrl: `${siteUrl}/contact`, visitor: { name: 'Nina Needs', email: 'nina@example.com' } });
    expect(items[0].fields.find((f: { name: string }) => f.name === 'seats').value).toBe('11-50');
  });

  it('serves the hosted form page, which works with JavaScript disabled', async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    const hosted = await noScript.newPage();
    await hosted.goto(`${baseUrl()}/f/${formId}`);
    await hosted.getByLabel('Your name').fill('Otto Offline');
    await hosted.getByLabel('Email').fill('otto@example.com');
    await hosted.getByLabel('Seats').selectOption('1-10');
    await hosted.getByLabel('You may contact me').check();
    await hosted.getByRole('button', { name: 'Send' }).click();
    await urlMatches(hosted, new RegExp(`/f/${formId}\\?sent=1$`));
    await visible(hosted.getByText('Thank you! Your answers were sent.'));
    await screenshot(hosted, 'hosted-form-sent');
    await noScript.close();

    const { items } = await ownerApi(owner, 'GET', `/api/submissions?formId=${formId}`);
    expect(items[0]).toMatchObject({ pageUrl: `${baseUrl()}/f/${formId}`, visitor: { name: 'Otto Offline', email: 'otto@example.com' } });
  });

  it('shows the signed-in owner a demo page running their own widget and first form', async () => {
    await owner.page.goto('/demo');
    await visible(owner.page.locator('[data-floatmessage-form]').getByRole('group', { name: 'Quote request' }));
    await visible(owner.page.getByRole('button', { name: 'Open chat' }));
    await screenshot(owner.page, 'demo');
  });
});

/**
 * Another website embedding the widget: its own origin (so every widget call is cross-origin) and a
 * stylesheet that would wreck the widget if styles leaked into it.
 */
function startSite(siteKey: string, formId: string): Promise<http.Server> {
  const script = `<script src="${baseUrl()}/widget.js" data-site="${siteKey}" data-title="Chat with Acme" async></script>`;
  const page = (body: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Acme</title>
<style>*{font-size:32px!important;color:red!important} button{display:none!important} p{margin:40px!important}</style></head>
<body><h1>Acme Shop</h1>${body}${script}</body></html>`;
  const server = http.createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const html = path === '/contact' ? page(`<div data-floatmessage-form="${formId}"></div>`) : path === '/pricing' ? page('<p>Plans and prices</p>') : null;
    response.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    response.end(html ?? 'not found');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
