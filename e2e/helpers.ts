import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { inject } from 'vitest';

export const ARTIFACTS = path.resolve(import.meta.dirname, 'artifacts');

export const baseUrl = () => inject('baseUrl');

/** Debian's Chromium (Playwright cannot download browsers here). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const uniqueEmail = (prefix = 'owner') => `${prefix}-${randomBytes(4).toString('hex')}@example.com`;
export const PASSWORD = 'correct horse battery';

export interface Owner {
  context: BrowserContext;
  page: Page;
  email: string;
  siteKey: string;
}

/** A browser context for a fresh owner, signed up through the API (the sign-up screen has its own test). */
export async function signedInOwner(browser: Browser, name = 'Olive Owner'): Promise<Owner> {
  const context = await browser.newContext({ baseURL: baseUrl(), viewport: { width: 1280, height: 800 } });
  const email = uniqueEmail();
  const signup = await context.request.post('/api/auth/signup', { data: { email, password: PASSWORD, name }, headers: { origin: baseUrl() } });
  if (signup.status() !== 201) throw new Error(`signup failed: ${signup.status()} ${await signup.text()}`);
  const me = await (await context.request.get('/api/me')).json();
  const page = await context.newPage();
  return { context, page, email, siteKey: me.site.key };
}

/** An owner API call with the browser context's session cookie (Origin passes the CSRF check). */
export async function ownerApi<T = any>(owner: Owner, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, data?: unknown): Promise<T> {
  const response = await owner.context.request.fetch(url, { method, data, headers: { origin: baseUrl() } });
  const text = await response.text();
  if (!response.ok()) throw new Error(`${method} ${url} → ${response.status()} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** What a visitor's browser does through the public widget API. */
export async function visitorStartsConversation(siteKey: string, input: { name?: string; email?: string; body: string; pageUrl?: string }) {
  const response = await fetch(`${baseUrl()}/api/widget/${encodeURIComponent(siteKey)}/conversations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      visitor: { name: input.name, email: input.email },
      pageUrl: input.pageUrl ?? 'https://shop.example.com/pricing',
      message: { body: input.body },
    }),
  });
  if (response.status !== 201) throw new Error(`visitor conversation failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as { conversation: { id: string }; visitorToken: string };
}

export async function visitorSubmitsForm(siteKey: string, formId: string, fields: Record<string, unknown>) {
  const response = await fetch(`${baseUrl()}/api/widget/${encodeURIComponent(siteKey)}/forms/${encodeURIComponent(formId)}/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ fields, pageUrl: 'https://shop.example.com/contact' }),
  });
  if (response.status !== 201) throw new Error(`submission failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as { submission: { id: string } };
}

/** Waits until the locator is visible (Playwright's own auto-waiting assertions live in @playwright/test). */
export async function visible(locator: Locator, timeout = 10_000): Promise<Locator> {
  await locator.first().waitFor({ state: 'visible', timeout });
  return locator.first();
}

export async function gone(locator: Locator, timeout = 10_000): Promise<void> {
  await locator.first().waitFor({ state: 'hidden', timeout });
}

/** Waits for the page URL to match (client-side navigation included). */
export async function urlMatches(page: Page, pattern: RegExp, timeout = 10_000): Promise<string> {
  await page.waitForURL(pattern, { timeout });
  return page.url();
}

/** Keeps a screenshot of a key screen in e2e/artifacts/ (gitignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: false });
}
