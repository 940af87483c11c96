import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { freePort, stop, waitForHealth } from './global-setup.js';
import { baseUrl, launchBrowser, PASSWORD, screenshot, signedInOwner, uniqueEmail, urlMatches, visible } from './helpers.js';
import { waitForMail } from './mail-catcher.js';

const ROOT = path.resolve(import.meta.dirname, '..');

describe('account recovery', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('resets a forgotten password through the mailed link, signing the user out everywhere else', async () => {
    // Signed in on one device, with the dashboard open (its live socket too).
    const owner = await signedInOwner(browser, 'Renée Reset');
    await owner.page.goto('/chat');
    await visible(owner.page.getByRole('heading', { name: 'Chat' }));

    // On another device: forgot the password.
    const context = await browser.newContext({ baseURL: baseUrl(), viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await visible(page.getByRole('heading', { name: 'Reset your password' }));
    await page.getByLabel('Email').fill(owner.email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await visible(page.getByRole('status').filter({ hasText: `If an account exists for ${owner.email}` }));

    // The mail, as a real SMTP server received it.
    const mail = await waitForMail(owner.email);
    expect(mail.subject).toBe('Reset your FloatMessage password');
    expect(mail.text).toContain('Hello Renée Reset');
    const link = /https?:\/\/\S+/.exec(mail.text ?? '')?.[0] ?? '';
    expect(link.startsWith(`${baseUrl()}/reset#`)).toBe(true);
    expect(mail.html).toContain(`href="${link}"`);

    await page.goto(link);
    await visible(page.getByRole('heading', { name: 'Choose a new password' }));
    // The token is taken out of the address bar at once.
    expect(new URL(page.url()).hash).toBe('');
    await screenshot(page, 'reset-password');
    await page.getByLabel('New password').fill('a fresh new password');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await urlMatches(page, /\/login\?reset=done$/);
    await visible(page.getByText('Your password was changed'));

    // The other device's dashboard is signed out (its socket was closed; the session is gone).
    await visible(owner.page.getByRole('heading', { name: 'Log in' }));
    expect((await owner.context.request.get('/api/me')).status()).toBe(401);

    // The old password no longer works; the new one does.
    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await visible(page.getByRole('alert').filter({ hasText: 'Email or password is incorrect' }));
    await page.getByLabel('Password').fill('a fresh new password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await visible(page.getByRole('heading', { name: 'Chat' }));

    // The link worked once: opened again, it says so before anyone types.
    await page.goto(link);
    await visible(page.getByRole('alert').filter({ hasText: 'unknown, expired or already used' }));
    expect(await page.getByLabel('New password').count()).toBe(0);
    await page.getByRole('link', { name: 'Ask for a new link' }).click();
    await visible(page.getByRole('heading', { name: 'Reset your password' }));
    await context.close();
    await owner.context.close();
  });

  it('changes the password in Settings and says whether this server sends mail', async () => {
    const owner = await signedInOwner(browser);
    await owner.page.goto('/settings');
    await visible(owner.page.getByText('This server sends invites and password-reset links by email.'));
    await owner.page.getByLabel('Current password').fill('not my password');
    await owner.page.getByLabel('New password').fill('changed password 1');
    await owner.page.getByRole('button', { name: 'Change password' }).click();
    await visible(owner.page.getByRole('alert').filter({ hasText: 'The current password is not correct' }));
    await owner.page.getByLabel('Current password').fill(PASSWORD);
    await owner.page.getByRole('button', { name: 'Change password' }).click();
    await visible(owner.page.getByText('Password changed.'));
    // Still signed in here.
    expect((await owner.context.request.get('/api/me')).status()).toBe(200);
    const login = await fetch(`${baseUrl()}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: owner.email, password: 'changed password 1' }) });
    expect(login.status).toBe(200);
    await owner.context.close();
  });
});

describe('sign-ups under SIGNUP=first (the default)', () => {
  let browser: Browser;
  let server: ChildProcess;
  let url: string;
  let dataDir: string;
  beforeAll(async () => {
    browser = await launchBrowser();
    // A second server of our own: a fresh data dir, no SIGNUP (so `first`), no mail.
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-e2e-first-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const env = { ...process.env };
    for (const name of ['DATABASE_URL', 'STORAGE_URL', 'PUBLIC_URL', 'SIGNUP', 'SMTP_URL', 'SMTP_FROM']) delete env[name];
    server = spawn(process.execPath, ['dist/server/main.js'], {
      cwd: ROOT,
      env: { ...env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    });
    await waitForHealth(url, server);
  });
  afterAll(async () => {
    await browser?.close();
    if (server) await stop(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('lets the first account sign up, then the sign-up page says sign-ups are closed', async () => {
    const first = await browser.newContext({ baseURL: url });
    const page = await first.newPage();
    await page.goto('/signup');
    await page.getByLabel('Your name').fill('First Owner');
    await page.getByLabel('Email').fill(uniqueEmail('first'));
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await visible(page.getByRole('heading', { name: 'Chat' }));
    // Settings says why this server sends no mail.
    await page.goto('/settings');
    await visible(page.getByText(/No email is sent: no mail server is configured .* and the server does not know its public address/));

    const second = await browser.newContext({ baseURL: url });
    const late = await second.newPage();
    await late.goto('/signup');
    await visible(late.getByRole('status').filter({ hasText: 'Sign-ups are closed on this server' }));
    expect(await late.getByRole('button', { name: 'Create account' }).count()).toBe(0);
    await screenshot(late, 'signup-closed');
    const refused = await second.request.post('/api/auth/signup', { data: { email: uniqueEmail('late'), password: PASSWORD }, headers: { origin: url } });
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error.code).toBe('signup_closed');
    await first.close();
    await second.close();
  });
});
