import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  baseUrl, launchBrowser, ownerApi, screenshot, signedInOwner, urlMatches, visible, visitorStartsConversation, gone, type Owner,
} from './helpers.js';

describe('chat dashboard', () => {
  let browser: Browser;
  let owner: Owner;
  let conversationId: string;
  let ticketId: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    owner = await signedInOwner(browser);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows a new visitor conversation live, with an unread marker, page URL and country', async () => {
    const { page } = owner;
    await page.goto('/chat');
    await visible(page.getByText('No conversations yet'));
    await visible(page.getByText('Live', { exact: true }));

    // The visitor side, as the widget does it, with the public site key from /api/me.
    const started = await visitorStartsConversation(owner.siteKey, {
      name: 'Vera Visitor',
      body: 'Hi! My order <b>4411</b> never arrived',
      pageUrl: 'https://shop.example.com/orders/4411',
    });
    conversationId = started.conversation.id;

    const item = await visible(page.locator(`[data-conversation-id="${conversationId}"]`));
    expect(await item.textContent()).toContain('Vera Visitor');
    await visible(item.getByRole('img', { name: 'Unread' }));

    await item.click();
    await urlMatches(page, new RegExp(`/chat/${conversationId}$`));
    // Message bodies are plain text: the markup shows as typed, nothing is interpreted.
    await visible(page.locator('.bubble', { hasText: 'Hi! My order <b>4411</b> never arrived' }));
    expect(await page.locator('.bubble b').count()).toBe(0);
    await visible(page.getByRole('link', { name: /shop\.example\.com\/orders\/4411/ }));
    await visible(page.locator('.thread-meta .country'));
    await gone(item.getByRole('img', { name: 'Unread' }));

    // A second visitor message arrives live in the open thread.
    const more = await fetch(`${baseUrl()}/api/widget/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-visitor-token': started.visitorToken },
      body: JSON.stringify({ body: 'Tracking says delivered, but nothing here.' }),
    });
    expect(more.status).toBe(201);
    await visible(page.locator('.bubble', { hasText: 'Tracking says delivered' }));

    await page.getByLabel('Reply').fill('Sorry about that! Looking into it now.');
    await page.keyboard.press('Enter');
    await visible(page.locator('.message.owner .bubble', { hasText: 'Looking into it now' }));
    const visitorView = await fetch(`${baseUrl()}/api/widget/conversations/${conversationId}/messages`, {
      headers: { 'x-visitor-token': started.visitorToken },
    });
    expect((await visitorView.json()).items.map((m: { body: string }) => m.body)).toContain('Sorry about that! Looking into it now.');
    await screenshot(page, 'chat-thread');
  });

  it('creates a ticket from the 3-dot menu and lists it in the conversation header', async () => {
    const { page } = owner;
    await page.goto(`/chat/${conversationId}`);
    await page.getByRole('button', { name: 'Conversation actions' }).click();
    await visible(page.getByRole('menuitem', { name: 'Create Ticket' }));
    await screenshot(page, 'chat-menu');

    // The menu works from the keyboard: it opens on the first item, Escape returns to the button.
    await page.keyboard.press('Escape');
    await gone(page.getByRole('menu'));
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Conversation actions');
    await page.keyboard.press('ArrowDown');
    await visible(page.getByRole('menu'));
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Create Ticket');
    await page.keyboard.press('Enter');

    const url = await urlMatches(page, /\/tickets\/[^/]+$/);
    ticketId = url.split('/').pop()!;
    const title = await visible(page.getByLabel('Ticket title'));
    expect(await title.inputValue()).toBe('Vera Visitor');
    await visible(page.getByRole('button', { name: 'New', pressed: true }));
    await screenshot(page, 'ticket-new');

    // Click through to the original conversation; its header lists the ticket.
    await page.getByRole('link', { name: 'View conversation' }).click();
    await urlMatches(page, new RegExp(`/chat/${conversationId}$`));
    await visible(page.locator('.thread-tickets .ticket-chip', { hasText: 'Vera Visitor' }));

    // Creating again asks first: "Open #N" goes to the existing ticket, and nothing new is made.
    await page.getByRole('button', { name: 'Conversation actions' }).click();
    await page.getByRole('menuitem', { name: 'Create Ticket' }).click();
    const dialog = await visible(page.getByRole('dialog', { name: 'A ticket already exists' }));
    await dialog.getByRole('button', { name: /^Open #\d+$/ }).click();
    await urlMatches(page, new RegExp(`/tickets/${ticketId}$`));
    const { items } = await ownerApi(owner, 'GET', `/api/tickets?conversationId=${conversationId}&status=all`);
    expect(items).toHaveLength(1);
  });

  it('keeps the ticket when its conversation is deleted, showing "source deleted"', async () => {
    const { page } = owner;
    await page.goto(`/chat/${conversationId}`);
    await page.getByRole('button', { name: 'Conversation actions' }).click();
    await page.getByRole('menuitem', { name: 'Delete conversation' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete conversation' }).click();
    await urlMatches(page, /\/chat$/);
    await gone(page.locator(`[data-conversation-id="${conversationId}"]`));

    await page.goto(`/tickets/${ticketId}`);
    await visible(page.getByText('Source deleted'));
    expect(await (await visible(page.getByLabel('Ticket title'))).inputValue()).toBe('Vera Visitor');
    await gone(page.getByRole('link', { name: 'View conversation' }), 1000);
    const { ticket } = await ownerApi(owner, 'GET', `/api/tickets/${ticketId}`);
    expect(ticket.source).toEqual({ type: 'conversation', id: conversationId, available: false });
    await screenshot(page, 'ticket-source-deleted');
  });
});
