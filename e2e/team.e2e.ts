import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  baseUrl, expectEventually, launchBrowser, ownerApi, PASSWORD, screenshot, signedInOwner, ticketFromNewConversation, uniqueEmail,
  urlMatches, visible, type Owner,
} from './helpers.js';

describe('teams and themes', () => {
  let browser: Browser;
  let owner: Owner;
  let mateContext: BrowserContext;
  let mate: Page;
  let ticketId = '';
  const mateEmail = uniqueEmail('mate');

  beforeAll(async () => {
    browser = await launchBrowser();
    owner = await signedInOwner(browser, 'Olive Owner');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('invite → the teammate signs up through the link → assigns a ticket to themself → tags it', async () => {
    const { ticket } = await ticketFromNewConversation(owner, { name: 'Tina Visitor', body: 'My invoice shows the wrong address', title: 'Wrong address on invoice' });
    ticketId = ticket.id;
    const { page } = owner;
    await page.goto('/team');
    await page.getByRole('button', { name: 'Create invite link' }).click();
    const link = await visible(page.getByLabel('Invite link (shown once)'));
    const url = await link.inputValue();
    expect(url).toMatch(/\/invite\/inv_[A-Za-z0-9_-]+$/);
    await visible(page.getByText('Anyone with the link'));
    await screenshot(page, 'team-invite');

    // A second browser: someone without an account opens the link.
    mateContext = await browser.newContext({ baseURL: baseUrl(), viewport: { width: 1280, height: 800 } });
    mate = await mateContext.newPage();
    await mate.goto(new URL(url).pathname);
    await visible(mate.getByRole('heading', { name: 'Join Olive Owner’s workspace' }));
    await mate.getByLabel('Your name').fill('Mia Mate');
    await mate.getByLabel('Email').fill(mateEmail);
    await mate.getByLabel('Password').fill(PASSWORD);
    await mate.getByRole('button', { name: 'Create account and join' }).click();
    await urlMatches(mate, /\/tickets$/);

    // The owner's ticket is in the teammate's inbox.
    await mate.getByRole('link', { name: 'Wrong address on invoice' }).click();
    await urlMatches(mate, new RegExp(`/tickets/${ticketId}$`));
    await mate.getByRole('button', { name: 'Assign to me' }).click();
    const me = await (await mateContext.request.get('/api/me')).json();
    await expectEventually(() => mate.getByLabel('Assignee').inputValue(), me.user.id);

    await mate.getByLabel('Add a tag').fill('Billing');
    await mate.keyboard.press('Enter');
    await visible(mate.getByRole('link', { name: 'Billing' }));
    await visible(mate.locator('.timeline li', { hasText: 'Mia Mate assigned it to Mia Mate' }));
    await visible(mate.locator('.timeline li', { hasText: 'Mia Mate tagged it “Billing”' }));
    await screenshot(mate, 'team-ticket-assigned-tagged');

    const current = (await ownerApi(owner, 'GET', `/api/tickets/${ticketId}`)).ticket;
    expect(current).toMatchObject({ assignee: { id: me.user.id, name: 'Mia Mate' }, tags: ['Billing'] });
    const ownerMe = await ownerApi(owner, 'GET', '/api/me');
    expect(me.workspace).toEqual({ id: ownerMe.user.id, name: 'Olive Owner', role: 'member' });

    // The owner sees the teammate in the team and finds the ticket by assignee and by tag.
    await page.goto('/team');
    await visible(page.locator('.member-list li', { hasText: 'Mia Mate' }));
    await page.goto('/tickets');
    await page.getByLabel('Assignee').selectOption({ label: 'Mia Mate' });
    await urlMatches(page, /assignee=/);
    await visible(page.getByRole('link', { name: 'Wrong address on invoice' }));
    await page.getByLabel('Assignee').selectOption({ label: 'Unassigned' });
    await visible(page.getByText('No tickets match these filters.'));
    await page.goto('/tickets?tag=billing');
    const row = await visible(page.locator(`tr[data-ticket-id="${ticketId}"]`));
    expect(await row.textContent()).toContain('Mia Mate');
    await screenshot(page, 'tickets-by-tag');
  });

  it('shows the tag overview with counts, renames a tag everywhere', async () => {
    const { page } = owner;
    await page.goto('/tags');
    const row = await visible(page.locator('.tags-table tr', { hasText: 'Billing' }));
    expect(await row.getByRole('link', { name: '1 open ticket tagged Billing' }).textContent()).toBe('1');
    await row.getByRole('button', { name: 'Rename Billing' }).click();
    await page.getByLabel('New name for Billing').fill('Invoices');
    await page.getByRole('button', { name: 'Save' }).click();
    await visible(page.locator('.tags-table .tag', { hasText: 'Invoices' }));
    await screenshot(page, 'tags-overview');
    await page.getByRole('link', { name: '1 open ticket tagged Invoices' }).click();
    await urlMatches(page, /\/tickets\?tag=Invoices&status=open$/);
    await visible(page.getByRole('link', { name: 'Wrong address on invoice' }));
    expect((await ownerApi(owner, 'GET', `/api/tickets/${ticketId}`)).ticket.tags).toEqual(['Invoices']);
  });

  it('signs a removed teammate out at once', async () => {
    await mate.goto('/chat');
    await visible(mate.locator('.live-status.open'));
    const { page } = owner;
    await page.goto('/team');
    await page.locator('.member-list li', { hasText: 'Mia Mate' }).getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await visible(page.getByText('Mia Mate was removed'));
    // The teammate's open dashboard drops back to the sign-in screen without a reload.
    await visible(mate.getByRole('heading', { name: 'Log in' }));
    expect((await mateContext.request.get('/api/tickets')).status()).toBe(401);
    expect((await ownerApi(owner, 'GET', `/api/tickets/${ticketId}`)).ticket.assigneeId).toBeNull();
  });
});
