import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, launchBrowser, ownerApi, screenshot, signedInOwner, urlMatches, visible, visitorSubmitsForm, type Owner } from './helpers.js';

describe('forms and submissions', () => {
  let browser: Browser;
  let owner: Owner;
  let formId: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    owner = await signedInOwner(browser);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('builds a form and shows its embed snippet and hosted link', async () => {
    const { page } = owner;
    await page.goto('/forms');
    await page.getByRole('link', { name: 'New form' }).click();
    await urlMatches(page, /\/forms\/new$/);
    await page.getByLabel('Form name').fill('Contact us');
    await page.getByRole('button', { name: 'Add field' }).click();
    await page.getByLabel('Label', { exact: true }).last().fill('Order number');
    await page.getByRole('button', { name: 'Create form' }).click();

    const url = await urlMatches(page, /\/forms\/(?!new)[^/]+$/);
    formId = url.split('/').pop()!;
    const snippet = await visible(page.getByLabel('Embed snippet', { exact: true }));
    expect(await snippet.inputValue()).toBe(
      `<script src="${baseUrl()}/widget.js" data-site="${owner.siteKey}" async></script>\n<div data-floatmessage-form="${formId}"></div>`,
    );
    expect(await page.getByLabel('Hosted link', { exact: true }).inputValue()).toBe(`${baseUrl()}/f/${formId}`);
    const { form } = await ownerApi(owner, 'GET', `/api/forms/${formId}`);
    expect(form.fields.map((f: { name: string }) => f.name)).toEqual(['name', 'email', 'message', 'order_number']);
    await screenshot(page, 'form-editor');
  });

  it('lists submissions live and turns one into a ticket titled with the visitor name (+ Ticket)', async () => {
    const { page } = owner;
    await page.goto('/submissions');
    await visible(page.getByText('No submissions yet.'));
    await visible(page.getByText('Live', { exact: true }));

    const { submission } = await visitorSubmitsForm(owner.siteKey, formId, {
      name: 'Nina Needs', email: 'nina@example.com', message: 'Please send a quote for 40 seats.', order_number: 'Q-77',
    });
    const row = await visible(page.locator(`tr[data-submission-id="${submission.id}"]`));
    const text = await row.textContent();
    expect(text).toContain('Contact us');
    expect(text).toContain('Nina Needs');
    expect(text).toContain('shop.example.com/contact');

    // Filter by form: the form's own filter keeps the row.
    await page.getByLabel('Form', { exact: true }).selectOption({ label: 'Contact us' });
    await urlMatches(page, new RegExp(`formId=${formId}`));
    await visible(page.locator(`tr[data-submission-id="${submission.id}"]`));
    await screenshot(page, 'submissions');

    await row.getByRole('button', { name: '+ Ticket' }).click();
    await urlMatches(page, /\/tickets\/[^/]+$/);
    expect(await (await visible(page.getByLabel('Ticket title'))).inputValue()).toBe('Nina Needs');
    await page.getByRole('link', { name: 'View submission' }).click();
    await urlMatches(page, new RegExp(`/submissions/${submission.id}$`));
    await visible(page.getByText('Please send a quote for 40 seats.'));
  });

  it('shows every field in the submission detail and creates a ticket from there too', async () => {
    const { page } = owner;
    const { submission } = await visitorSubmitsForm(owner.siteKey, formId, {
      name: 'Omar Other', email: 'omar@example.com', message: 'Second request', order_number: '',
    });
    await page.goto(`/submissions/${submission.id}`);
    await visible(page.getByRole('heading', { name: 'Omar Other' }));
    for (const label of ['Name', 'Email', 'Message', 'Order number']) await visible(page.locator('.fields dt', { hasText: label }));
    await visible(page.getByText('Second request'));
    await page.getByRole('button', { name: '+ Ticket' }).click();
    await urlMatches(page, /\/tickets\/[^/]+$/);
    expect(await (await visible(page.getByLabel('Ticket title'))).inputValue()).toBe('Omar Other');
  });
});
