import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { expectEventually, gone, launchBrowser, ownerApi, screenshot, signedInOwner, ticketFromNewConversation, visible, type Owner } from './helpers.js';

describe('ticket workflow', () => {
  let browser: Browser;
  let owner: Owner;

  beforeAll(async () => {
    browser = await launchBrowser();
    owner = await signedInOwner(browser);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('walks the status new → in progress → closed and back, recording closedAt', async () => {
    const { page } = owner;
    const { ticket } = await ticketFromNewConversation(owner, { name: 'Walt Walker', body: 'The checkout button does nothing' });
    await page.goto(`/tickets/${ticket.id}`);
    await visible(page.getByRole('button', { name: 'New', pressed: true }));
    expect(await page.getByTestId('closed-at').textContent()).toBe('—');

    // The title is edited in place; Enter saves.
    await page.getByLabel('Ticket title').fill('Checkout button dead on Safari');
    await page.keyboard.press('Enter');
    // The title may carry the unread count first: "(1) #12 Title · FloatMessage".
    await page.waitForFunction(() => /^(\(\d+\) )?#/.test(document.title));
    await expectEventually(async () => (await ownerApi(owner, 'GET', `/api/tickets/${ticket.id}`)).ticket.title, 'Checkout button dead on Safari');

    await page.getByRole('button', { name: 'In progress' }).click();
    await visible(page.getByRole('button', { name: 'In progress', pressed: true }));
    await page.getByRole('button', { name: 'Closed' }).click();
    await visible(page.getByRole('button', { name: 'Closed', pressed: true }));
    await visible(page.getByText('Resolution time'));
    expect(await page.getByTestId('closed-at').textContent()).not.toBe('—');
    let current = (await ownerApi(owner, 'GET', `/api/tickets/${ticket.id}`)).ticket;
    expect(current.status).toBe('closed');
    expect(current.closedAt).not.toBeNull();
    await screenshot(page, 'ticket-closed');

    // Reopen: closedAt is cleared.
    await page.getByRole('button', { name: 'In progress' }).click();
    await visible(page.getByRole('button', { name: 'In progress', pressed: true }));
    await visible(page.getByText('Open for'));
    current = (await ownerApi(owner, 'GET', `/api/tickets/${ticket.id}`)).ticket;
    expect(current.status).toBe('in_progress');
    expect(current.closedAt).toBeNull();
    expect(await page.getByTestId('closed-at').textContent()).toBe('—');
  });

  it('saves notes on its own; a reload shows them', async () => {
    const { page } = owner;
    const { ticket } = await ticketFromNewConversation(owner, { name: 'Nora Notes', body: 'Invoice has the wrong VAT number' });
    await page.goto(`/tickets/${ticket.id}`);
    const notes = await visible(page.getByLabel('Internal notes'));
    await notes.fill('Checked billing settings.\nVAT number was updated on 3 March; reissue invoice.');
    await visible(page.locator('.save-state', { hasText: /^Saved$/ }));
    expect((await ownerApi(owner, 'GET', `/api/tickets/${ticket.id}`)).ticket.notes).toContain('reissue invoice');

    await page.reload();
    const reloaded = await visible(page.getByLabel('Internal notes'));
    expect(await reloaded.inputValue()).toBe('Checked billing settings.\nVAT number was updated on 3 March; reissue invoice.');
  });

  it('keeps what the user typed when a teammate changed the notes meanwhile (keep mine / take theirs)', async () => {
    const { ticket } = await ticketFromNewConversation(owner, { name: 'Cora Conflict', body: 'Refund please' });
    // This tab hears no live events, so it only learns about the teammate's edit from the 409.
    const page = await owner.context.newPage();
    await page.routeWebSocket(/\/api\/ws$/, () => {});
    await page.goto(`/tickets/${ticket.id}`);
    const notes = await visible(page.getByLabel('Internal notes'));

    await ownerApi(owner, 'PATCH', `/api/tickets/${ticket.id}`, { notes: 'Teammate: refund approved', version: ticket.version });
    await notes.fill('Me: waiting for the bank');
    const conflict = await visible(page.getByRole('alert').filter({ hasText: 'A teammate changed this ticket' }));
    expect(await conflict.textContent()).toContain('Teammate: refund approved');
    expect(await notes.inputValue()).toBe('Me: waiting for the bank');
    await screenshot(page, 'ticket-conflict');

    await page.getByRole('button', { name: 'Keep mine' }).click();
    await visible(page.locator('.save-state', { hasText: /^Saved$/ }));
    expect((await ownerApi(owner, 'GET', `/api/tickets/${ticket.id}`)).ticket.notes).toBe('Me: waiting for the bank');

    // Second round, this time taking the teammate's text.
    const latest = (await ownerApi(owner, 'GET', `/api/tickets/${ticket.id}`)).ticket;
    await ownerApi(owner, 'PATCH', `/api/tickets/${ticket.id}`, { notes: 'Teammate: refunded on Friday', version: latest.version });
    await notes.fill('Me: still waiting');
    await visible(page.getByRole('alert').filter({ hasText: 'Teammate: refunded on Friday' }));
    await page.getByRole('button', { name: 'Take theirs' }).click();
    await gone(page.getByRole('alert').filter({ hasText: 'A teammate changed this ticket' }));
    expect(await notes.inputValue()).toBe('Teammate: refunded on Friday');
    await page.close();
  });

  it('shows tickets created elsewhere in the list without a reload', async () => {
    const { page } = owner;
    await page.goto('/tickets');
    await visible(page.locator('.tickets-table'));
    await visible(page.getByText('Live', { exact: true }));
    const { ticket } = await ticketFromNewConversation(owner, { name: 'Lena Live', body: 'Is anyone there?' });
    const row = await visible(page.locator(`tr[data-ticket-id="${ticket.id}"]`));
    expect(await row.textContent()).toContain(`#${ticket.number}`);
    expect(await row.textContent()).toContain('New');
  });

  it('finds a closed ticket by search, and counts it in the resolution report', async () => {
    const { page } = owner;
    const { ticket } = await ticketFromNewConversation(owner, { name: 'Sid Search', body: 'Where is parcel', title: 'Lost parcel zebrafish-4411' });
    await ownerApi(owner, 'PATCH', `/api/tickets/${ticket.id}`, { status: 'closed', version: ticket.version });

    await page.goto('/tickets');
    await visible(page.getByRole('tab', { name: 'Open', selected: true }));
    await visible(page.locator('.tickets-table'));
    expect(await page.locator(`tr[data-ticket-id="${ticket.id}"]`).count()).toBe(0);

    await page.getByLabel('Search tickets').fill('zebrafish');
    const row = await visible(page.locator(`tr[data-ticket-id="${ticket.id}"]`));
    expect(await row.textContent()).toContain('Closed');
    await screenshot(page, 'tickets-search');

    await page.getByLabel('Search tickets').fill('');
    await page.getByRole('tab', { name: 'Closed' }).click();
    await visible(page.locator(`tr[data-ticket-id="${ticket.id}"]`));

    await page.goto('/reports');
    await visible(page.locator('.stat', { hasText: 'Tickets closed' }).getByText('1', { exact: true }));
    await visible(page.locator('svg.chart rect.chart-bar:not([height="0"])'));
    await screenshot(page, 'reports');
  });
});
