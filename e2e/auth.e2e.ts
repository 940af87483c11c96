import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, launchBrowser, PASSWORD, screenshot, uniqueEmail, urlMatches, visible } from './helpers.js';

describe('accounts', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('signs up, lands in the dashboard, logs out and logs back in', async () => {
    const context = await browser.newContext({ baseURL: baseUrl(), viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const email = uniqueEmail('signup');

    await page.goto('/');
    await visible(page.getByRole('heading', { name: 'Log in' }));
    await page.getByRole('link', { name: 'Create an account' }).click();
    await visible(page.getByRole('heading', { name: 'Create your account' }));
    await page.getByLabel('Your name').fill('Sam Signup');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await screenshot(page, 'signup');
    await page.getByRole('button', { name: 'Create account' }).click();

    await urlMatches(page, /\/chat$/);
    await visible(page.getByRole('heading', { name: 'Chat' }));
    await visible(page.getByText('Sam Signup'));
    await screenshot(page, 'chat-empty');

    // A reload keeps the session (cookie) and the client route.
    await page.goto('/tickets');
    await visible(page.getByRole('heading', { name: 'Tickets' }));

    await page.getByRole('button', { name: 'Log out' }).click();
    await visible(page.getByRole('heading', { name: 'Log in' }));
    expect((await context.request.get('/api/me')).status()).toBe(401);

    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await visible(page.getByRole('alert').filter({ hasText: 'Email or password is incorrect' }));

    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await visible(page.getByRole('heading', { name: 'Chat' }));
    await context.close();
  });

  it('shows the site key and widget snippet in Settings', async () => {
    const context = await browser.newContext({ baseURL: baseUrl() });
    const signup = await context.request.post('/api/auth/signup', { data: { email: uniqueEmail(), password: PASSWORD }, headers: { origin: baseUrl() } });
    expect(signup.status()).toBe(201);
    const me = await (await context.request.get('/api/me')).json();
    const page = await context.newPage();
    await page.goto('/settings');
    const snippet = await visible(page.getByLabel('Widget snippet'));
    expect(await snippet.inputValue()).toBe(`<script src="${baseUrl()}/widget.js" data-site="${me.site.key}" async></script>`);
    await context.close();
  });
});
