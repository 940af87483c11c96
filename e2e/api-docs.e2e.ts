import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, signedInOwner, visible, watchConsole, type Owner } from './helpers.js';

describe('the API reference in the browser', () => {
  let browser: Browser;
  let owner: Owner;
  beforeAll(async () => {
    browser = await launchBrowser();
    owner = await signedInOwner(browser);
  });
  afterAll(async () => {
    await owner?.context.close();
    await browser?.close();
  });

  it('is linked from Settings and renders every tag and operations under the strict CSP, without a violation', async () => {
    const { page } = owner;
    const seen = watchConsole(page);
    await page.goto('/settings');
    await page.getByRole('link', { name: 'API reference' }).click();
    await page.waitForURL('**/docs');

    // Operations are rendered by Swagger UI's script: their operationIds and summaries appear.
    await visible(page.getByText('FloatMessage API', { exact: false }).first());
    const listTickets = page.locator('.opblock', { hasText: 'listTickets' });
    await visible(listTickets.first());
    await expect.poll(() => page.locator('.opblock').count()).toBeGreaterThan(70);
    for (const tag of ['accounts', 'chat', 'tickets', 'widget']) await visible(page.locator('.opblock-tag', { hasText: tag }).first());
    await page.screenshot({ path: 'e2e/artifacts/api-docs-top.png' });

    // Opening an operation shows its summary and its answers, errors described per status.
    await listTickets.first().locator('.opblock-summary').click();
    await visible(listTickets.first().getByText('List and search tickets').first());
    await visible(listTickets.first().getByText('Invalid input').first());
    // The error body is one named schema, listed once with the others.
    await visible(page.locator('.models').getByText('ErrorBody').first());
    await page.screenshot({ path: 'e2e/artifacts/api-docs.png', fullPage: false });

    expect(seen.violations).toEqual([]);
    expect(seen.errors).toEqual([]);
  });
});
