import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  expectEventually, launchBrowser, ownerApi, screenshot, signedInOwner, ticketFromNewConversation, urlMatches, visible, visitorSubmitsForm, type Owner,
} from './helpers.js';

/** Tickets made by hand through the API, oldest first. */
async function handMade(owner: Owner, titles: string[]) {
  const tickets = [];
  for (const title of titles) tickets.push((await ownerApi(owner, 'POST', '/api/tickets', { title })).ticket);
  return tickets;
}

describe('tickets, part 2', () => {
  let browser: Browser;
  const owners: Owner[] = [];
  const freshOwner = async () => {
    const owner = await signedInOwner(browser);
    owners.push(owner);
    return owner;
  };

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('asks before making a second ticket from a submission: "Open #1" or "Create another"; the row shows its tickets', async () => {
    const owner = await freshOwner();
    const { page } = owner;
    const { form } = await ownerApi(owner, 'POST', '/api/forms', {
      name: 'Contact', fields: [{ name: 'name', label: 'Name', type: 'text' }, { name: 'message', label: 'Message', type: 'textarea', required: true }],
    });
    await visitorSubmitsForm(owner.siteKey, form.id, { name: 'Dora Duplicate', message: 'Please call me back' });
    await page.goto('/submissions');
    await (await visible(page.getByRole('button', { name: '+ Ticket' }))).click();
    await urlMatches(page, /\/tickets\/[^/]+$/);
    const first = page.url();

    await page.goto('/submissions');
    await visible(page.getByRole('link', { name: '#1' }));
    await page.getByRole('button', { name: '+ Ticket' }).click();
    const dialog = await visible(page.getByRole('dialog', { name: 'A ticket already exists' }));
    await screenshot(page, 'tickets2-duplicate-prompt');
    await dialog.getByRole('button', { name: 'Open #1' }).click();
    await urlMatches(page, /\/tickets\/[^/]+$/);
    expect(page.url()).toBe(first);

    await page.goto('/submissions');
    await (await visible(page.getByRole('button', { name: '+ Ticket' }))).click();
    await (await visible(page.getByRole('button', { name: 'Create another' }))).click();
    await visible(page.getByText('Ticket #2 created'));
    expect(page.url()).not.toBe(first);
    const list = await ownerApi(owner, 'GET', '/api/tickets');
    expect(list.items.map((t: any) => t.number)).toEqual([2, 1]);
  });

  it('closes three tickets at once: a click, a shift-click, the bulk bar', async () => {
    const owner = await freshOwner();
    const { page } = owner;
    const tickets = await handMade(owner, ['Bulk one', 'Bulk two', 'Bulk three', 'Stays open']);
    await page.goto('/tickets');
    await (await visible(page.getByLabel('Select ticket #3'))).click();
    await page.getByLabel('Select ticket #1').click({ modifiers: ['Shift'] });
    const bar = await visible(page.getByTestId('bulk-bar'));
    expect(await bar.getByText('3 selected').count()).toBe(1);
    await screenshot(page, 'tickets2-bulk-bar');
    await bar.getByRole('button', { name: 'Close', exact: true }).click();
    await visible(page.getByText('Closed: 3 tickets'));
    await expectEventually(async () => page.locator('tr[data-ticket-id]').count(), 1);
    for (const ticket of tickets.slice(0, 3)) expect((await ownerApi(owner, 'GET', `/api/tickets/${ticket.id}`)).ticket.status).toBe('closed');
    expect((await ownerApi(owner, 'GET', `/api/tickets/${tickets[3].id}`)).ticket.status).toBe('new');
  });

  it('walks the list with the keyboard (j/k, Enter, /, ?, c, e), never while typing', async () => {
    const owner = await freshOwner();
    const { page } = owner;
    const tickets = await handMade(owner, ['Key one', 'Key two', 'Key three']);
    await page.goto('/tickets');
    await visible(page.locator('tr[data-ticket-id]'));
    const current = () => page.locator('tr[aria-current="true"]').getAttribute('data-ticket-id');
    await page.keyboard.press('j');
    expect(await current()).toBe(tickets[2].id);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    expect(await current()).toBe(tickets[0].id);
    await page.keyboard.press('k');
    expect(await current()).toBe(tickets[1].id);

    // "/" focuses the search; typing j there searches, it does not move.
    await page.keyboard.press('/');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).type)).toBe('search');
    await page.keyboard.type('jk');
    expect(await page.getByRole('searchbox').inputValue()).toBe('jk');
    await urlMatches(page, /\?q=jk$/);
    await page.getByRole('searchbox').fill('');
    await urlMatches(page, /\/tickets$/);
    await page.locator('h1').click();
    await expectEventually(async () => page.locator('tr[data-ticket-id]').count(), 3);

    await page.keyboard.press('?');
    const help = await visible(page.getByRole('dialog', { name: 'Keyboard shortcuts' }));
    await help.getByRole('button', { name: 'Close' }).click();

    // e closes the ticket under the cursor (a new listing starts without a cursor).
    await page.keyboard.press('j');
    expect(await current()).toBe(tickets[2].id);
    await page.keyboard.press('e');
    await visible(page.getByText('Closed: 1 ticket'));
    await expectEventually(async () => (await ownerApi(owner, 'GET', `/api/tickets/${tickets[2].id}`)).ticket.status, 'closed');

    // Enter opens the ticket under the cursor.
    await page.keyboard.press('j');
    const target = await current();
    await page.keyboard.press('Enter');
    await urlMatches(page, new RegExp(`/tickets/${target}$`));

    // c opens "New ticket"; typing its title triggers nothing else.
    await page.goto('/tickets');
    await visible(page.locator('tr[data-ticket-id]'));
    await page.keyboard.press('c');
    const dialog = await visible(page.getByRole('dialog', { name: 'New ticket' }));
    await page.keyboard.type('Called about a broken zipper');
    await dialog.getByLabel('Customer email (optional)').fill('zip@example.com');
    await dialog.getByRole('button', { name: 'Create ticket' }).click();
    await visible(page.getByText('Ticket #4 created'));
    const made = (await ownerApi(owner, 'GET', '/api/tickets')).items[0];
    expect(made).toMatchObject({ number: 4, title: 'Called about a broken zipper', source: null, visitor: { name: null, email: 'zip@example.com' } });
  });

  it('downloads the filtered list as CSV', async () => {
    const owner = await freshOwner();
    const { page } = owner;
    const [one, two] = await handMade(owner, ['=SUM(A1:A9)', 'Plain export']);
    await ownerApi(owner, 'PATCH', `/api/tickets/${two.id}`, { priority: 'urgent' });
    await page.goto('/tickets?priority=urgent');
    await visible(page.locator('tr[data-ticket-id]'));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^tickets-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = fs.readFileSync((await download.path())!, 'utf8');
    const lines = text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('number,title,status,priority,assignee,tags,visitor name,visitor email,created,closed,resolution hours,source type');
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 4).join(','))).toEqual(['2,Plain export,new,urgent']);

    await page.goto('/tickets');
    await visible(page.locator('tr[data-ticket-id]'));
    const [all] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const rows = fs.readFileSync((await all.path())!, 'utf8').trim().split('\r\n');
    expect(rows).toHaveLength(3);
    expect(rows[2]).toContain(`1,'=SUM(A1:A9),new`);
    expect(one.number).toBe(1);
  });

  it('shows the transcript at the top of the ticket, also after the conversation is deleted', async () => {
    const owner = await freshOwner();
    const { page } = owner;
    const { conversationId, ticket } = await ticketFromNewConversation(owner, { name: 'Tess Transcript', body: 'My order #4411 arrived broken' });
    await ownerApi(owner, 'DELETE', `/api/conversations/${conversationId}`);
    await page.goto(`/tickets/${ticket.id}`);
    const transcript = await visible(page.getByTestId('transcript'));
    expect(await transcript.textContent()).toContain('My order #4411 arrived broken');
    expect(await transcript.textContent()).toContain('Tess Transcript');
    await visible(transcript.getByText('kept after the source was deleted'));
    await visible(page.getByText('Source deleted'));
    await screenshot(page, 'tickets2-transcript');
    // Collapsible: the summary closes it.
    await transcript.locator('summary').click();
    expect(await transcript.evaluate((element) => (element as HTMLDetailsElement).open)).toBe(false);
  });
});
