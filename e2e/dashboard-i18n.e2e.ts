import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser, PASSWORD, screenshot, signedInOwner, ticketFromNewConversation, uniqueEmail, visible, type Owner } from './helpers.js';

/** The catalogue chunks the page fetched (English is in the entry; the others are lazy chunks). */
function catalogueRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    const name = /\/assets\/(de|fr|es|pt)-[\w-]+\.js$/.exec(request.url());
    if (name) seen.push(name[1]!);
  });
  return seen;
}

/** An owner whose browser speaks `locale` (Chromium's navigator.languages and Accept-Language). */
async function ownerWithLocale(browser: Browser, locale: string) {
  const context = await browser.newContext({ baseURL: baseUrl(), locale, viewport: { width: 1280, height: 800 } });
  const signup = await context.request.post('/api/auth/signup', {
    data: { email: uniqueEmail('i18n'), password: PASSWORD, name: 'Lena Lang' },
    headers: { origin: baseUrl() },
  });
  if (signup.status() !== 201) throw new Error(`signup failed: ${signup.status()} ${await signup.text()}`);
  return { context, page: await context.newPage() };
}

describe('dashboard languages', () => {
  let browser: Browser;
  let owner: Owner;

  beforeAll(async () => {
    browser = await launchBrowser();
    owner = await signedInOwner(browser, 'Ines Intl');
    await ticketFromNewConversation(owner, { name: 'Vera Visitor', body: 'Wo ist mein Paket?', title: 'Paket fehlt' });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('starts in English for an English browser, without fetching another catalogue', async () => {
    const { page } = owner;
    const fetched = catalogueRequests(page);
    await page.goto('/tickets');
    await visible(page.getByRole('heading', { name: 'Tickets' }));
    await visible(page.getByRole('button', { name: 'New ticket' }));
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(fetched).toEqual([]);
  });

  it('switches to German in Settings: the main screens, dates, toasts and errors speak German, and a reload keeps it', async () => {
    const { page } = owner;
    const fetched = catalogueRequests(page);
    await page.goto('/settings');
    await page.getByLabel('Language of the dashboard').selectOption('de');
    await visible(page.getByRole('heading', { name: 'Einstellungen', level: 1 }));
    expect(fetched).toEqual(['de']);
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    expect(await page.getByLabel('Sprache des Dashboards').inputValue()).toBe('de');
    const nav = page.getByRole('navigation', { name: 'Hauptmenü' });
    for (const name of ['Einsendungen', 'Formulare', 'Berichte', 'Einstellungen']) await visible(nav.getByRole('link', { name }));
    await visible(nav.getByRole('button', { name: 'Abmelden' }));

    // An API error by its code, in German (the server's English message is for developers).
    await page.getByLabel('Aktuelles Passwort').fill('not the password');
    await page.getByLabel('Neues Passwort').fill('another long password');
    await page.getByRole('button', { name: 'Passwort ändern' }).click();
    await visible(page.getByRole('alert').filter({ hasText: 'Das aktuelle Passwort ist falsch.' }));

    await page.goto('/chat');
    await visible(page.getByRole('tab', { name: 'Offen' }));
    await visible(page.getByRole('button', { name: 'Nicht zugewiesen' }));
    await page.locator('.conversation-name', { hasText: 'Vera Visitor' }).click();
    await visible(page.getByRole('button', { name: 'Erledigen' }));
    await visible(page.getByRole('term').filter({ hasText: 'Begonnen' }));
    await visible(page.getByPlaceholder(/Antwort schreiben/));
    await page.getByRole('button', { name: 'Erledigen' }).click();
    await visible(page.locator('.toast', { hasText: 'Unterhaltung erledigt' }));
    await screenshot(page, 'i18n-chat-de');

    await page.goto('/tickets');
    await visible(page.getByRole('button', { name: 'Neues Ticket' }));
    await visible(page.getByRole('columnheader', { name: 'Zuständig' }));
    await page.getByRole('link', { name: 'Paket fehlt' }).click();
    await visible(page.getByRole('heading', { name: 'Interne Notizen' }));
    await visible(page.getByRole('button', { name: 'In Bearbeitung' }));
    // Dates through Intl in German ("02.12.2026, 14:05"; English would say "Dec 2, 2026, 2:05 PM").
    const created = await visible(page.locator('.facts time').first());
    expect(await created.textContent()).toMatch(/^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}$/);
    await visible(page.locator('.timeline li', { hasText: 'hat es aus einer Unterhaltung erstellt' }));
    await screenshot(page, 'i18n-ticket-de');

    await page.reload();
    await visible(page.getByRole('heading', { name: 'Interne Notizen' }));
    expect(await page.evaluate(() => localStorage.getItem('fm.language'))).toBe('de');
    await page.goto('/reports');
    await visible(page.getByRole('heading', { name: 'Berichte', level: 1 }));
    await visible(page.getByRole('heading', { name: 'Lösungszeit' }));
  });

  it('starts in German for a German browser with no setting, from the sign-in screen on', async () => {
    const signedOut = await browser.newContext({ baseURL: baseUrl(), locale: 'de-DE' });
    const login = await signedOut.newPage();
    await login.goto('/login');
    await visible(login.getByRole('heading', { name: 'Anmelden' }));
    await visible(login.getByRole('link', { name: 'Passwort vergessen?' }));
    await signedOut.close();

    const { context, page } = await ownerWithLocale(browser, 'de-DE');
    await page.goto('/chat');
    await visible(page.getByRole('heading', { name: 'Erste Schritte' }));
    await visible(page.getByText('Noch keine Unterhaltungen'));
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    await page.goto('/settings');
    expect(await page.getByLabel('Sprache des Dashboards').inputValue()).toBe('de');
    await context.close();
  });

  it('speaks French, Spanish and Portuguese by the browser language, and a saved choice wins over it', async () => {
    for (const [locale, heading, tab] of [['fr-FR', 'Paramètres', 'Ouvertes'], ['es-ES', 'Ajustes', 'Abiertas'], ['pt-BR', 'Configurações', 'Abertas']] as const) {
      const { context, page } = await ownerWithLocale(browser, locale);
      await page.goto('/chat');
      await visible(page.getByRole('tab', { name: tab }));
      await page.goto('/settings');
      await visible(page.getByRole('heading', { name: heading, level: 1 }));
      await context.close();
    }
    const { context, page } = await ownerWithLocale(browser, 'fr-FR');
    await page.goto('/settings');
    await page.locator('#main select').filter({ has: page.locator('option[value="es"]') }).selectOption('en');
    await visible(page.getByRole('heading', { name: 'Settings', level: 1 }));
    await page.reload();
    await visible(page.getByRole('heading', { name: 'Settings', level: 1 }));
    await context.close();
  });
});
