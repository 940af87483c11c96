import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { inject } from 'vitest';

/**
 * Helpers for widget.e2e.ts, with the same names and signatures as the dashboard harness's
 * e2e/helpers.ts so the test can switch to it by changing its import.
 */
export const baseUrl = () => inject('baseUrl');
const ARTIFACTS = path.resolve(import.meta.dirname, 'artifacts');

/** Debian's Chromium (Playwright cannot download browsers here). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface Owner {
  context: BrowserContext;
  page: Page;
  email: string;
  siteKey: string;
}

/** A browser context for a fresh owner, signed up through the API. */
export async function signedInOwner(browser: Browser, name = 'Olive Owner'): Promise<Owner> {
  const context = await browser.newContext({ baseURL: baseUrl(), viewport: { width: 1280, height: 800 } });
  const email = `owner-${randomBytes(4).toString('hex')}@example.com`;
  const signup = await context.request.post('/api/auth/signup', { data: { email, password: 'correct horse battery', name }, headers: { origin: baseUrl() } });
  if (signup.status() !== 201) throw new Error(`signup failed: ${signup.status()} ${await signup.text()}`);
  const me = await (await context.request.get('/api/me')).json();
  return { context, page: await context.newPage(), email, siteKey: me.site.key };
}

/** An owner API call with the browser context's session cookie (Origin passes the CSRF check). */
export async function ownerApi<T = any>(owner: Owner, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, data?: unknown): Promise<T> {
  const response = await owner.context.request.fetch(url, { method, data, headers: { origin: baseUrl() } });
  const text = await response.text();
  if (!response.ok()) throw new Error(`${method} ${url} → ${response.status()} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function visible(locator: Locator, timeout = 10_000): Promise<Locator> {
  await locator.first().waitFor({ state: 'visible', timeout });
  return locator.first();
}

export async function gone(locator: Locator, timeout = 10_000): Promise<void> {
  await locator.first().waitFor({ state: 'hidden', timeout });
}

export async function urlMatches(page: Page, pattern: RegExp, timeout = 10_000): Promise<string> {
  await page.waitForURL(pattern, { timeout });
  return page.url();
}

/** Keeps a screenshot in e2e/artifacts/ (gitignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}
