import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { expectEventually, gone, launchBrowser, ownerApi, signedInOwner, visible, type Owner } from './helpers.js';

/** The dashboard's cache (app/src/query.ts): cursor paging with live updates, lists shared between components. */
describe('lists through the query cache', () => {
  let browser: Browser;
  let owner: Owner;

  beforeAll(async () => {
    browser = await launchBrowser();
    owner = await signedInOwner(browser);
    // One page is 50 tickets: two more make a second page.
    for (let i = 1; i <= 52; i++) await ownerApi(owner, 'POST', '/api/tickets', { title: `Paged ticket ${i}` });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('loads the next page on "Load more" and keeps every loaded page current through live events', async () => {
    const { page } = owner;
    const rows = page.locator('tr[data-ticket-id]');
    const ids = async () => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-ticket-id')));
    await page.goto('/tickets');
    await visible(page.getByText('Paged ticket 52'));
    expect(await rows.count()).toBe(50);

    await page.getByRole('button', { name: 'Load more' }).click();
    await visible(page.getByText('Paged ticket 1', { exact: true }));
    await expectEventually(() => rows.count(), 52);
    await gone(page.getByRole('button', { name: 'Load more' }));

    // A ticket made elsewhere joins on top; both loaded pages are fetched again, nothing twice.
    const { ticket } = await ownerApi(owner, 'POST', '/api/tickets', { title: 'Made elsewhere' });
    await visible(page.locator(`tr[data-ticket-id="${ticket.id}"]`));
    await expectEventually(() => rows.count(), 53);
    expect(new Set(await ids()).size).toBe(53);

    // Closing one from the second page elsewhere takes it off the open list.
    const oldest = (await ownerApi(owner, 'GET', '/api/tickets?sort=number&order=asc&limit=1')).items[0];
    expect(oldest.title).toBe('Paged ticket 1');
    await ownerApi(owner, 'PATCH', `/api/tickets/${oldest.id}`, { status: 'closed' });
    await gone(page.locator(`tr[data-ticket-id="${oldest.id}"]`));
    await expectEventually(() => rows.count(), 52);
  });

  it('fetches the team and the tags once for the list filters and the ticket page, and again after a change', async () => {
    const { page } = owner;
    // Leave the previous test's page first: a ticket event it received schedules a tags refetch 300 ms later
    // (query.ts), which must not be counted as this page load's.
    await page.goto('about:blank');
    const calls = { team: 0, tags: 0 };
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (pathname === '/api/team') calls.team += 1;
      if (pathname === '/api/tags') calls.tags += 1;
    });
    await page.goto('/tickets');
    await visible(page.locator('tr[data-ticket-id]'));
    await expectEventually(() => Promise.resolve(calls), { team: 1, tags: 1 });

    // The ticket page's assignee picker and tag editor reuse the lists the filters fetched.
    await page.getByRole('link', { name: 'Made elsewhere' }).click();
    await visible(page.getByLabel('Assignee'));
    await visible(page.getByLabel('Add a tag'));
    await visible(page.getByRole('heading', { name: 'Timeline' }));
    expect(calls).toEqual({ team: 1, tags: 1 });

    // A new tag refetches the tags, so the list's tag filter offers it on the way back.
    await page.getByLabel('Add a tag').fill('billing');
    await page.keyboard.press('Enter');
    await visible(page.getByRole('link', { name: 'billing' }));
    await expectEventually(async () => calls.tags >= 2, true);
    await page.goBack();
    await visible(page.locator('tr[data-ticket-id]'));
    // Options of a closed <select> are never "visible": count them.
    await expectEventually(() => page.locator('.filters select option', { hasText: 'billing' }).count(), 1);
  });
});
