import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { seriousViolations } from './axe.js';
import { baseUrl, launchBrowser, ownerApi, screenshot, signedInOwner, visible, type Owner } from './helpers.js';

interface Case {
  /** The browser's language (Chromium's `locale`: navigator.language(s) and Accept-Language). */
  browser: string;
  /** The site's `data-locale` on the script tag, when it sets one. */
  dataLocale?: string;
  /** The tag the widget formats with (its frame's `lang`). */
  tag: string;
  open: string;
  title: string;
  write: string;
  message: string;
  away: string;
  replyHours: string;
  askLabel: string;
  yourEmail: string;
  save: string;
  checkEmail: string;
  send: string;
  required: string;
  /** A message's time, by the browser's region: 12-hour in the US and Mexico ("01:28 a.m."), 24-hour elsewhere. */
  time: RegExp;
}

/** Expected texts written out here (not read from the catalogues), so the test sees real translations. */
const CASES: Record<string, Case> = {
  en: {
    browser: 'en-US', tag: 'en-US', open: 'Open chat', title: 'Chat with us', write: 'Write a message…', message: 'Message',
    away: 'Away', replyHours: 'We usually reply within a few hours.', askLabel: 'Get the reply by email', yourEmail: 'Your email',
    save: 'Save', checkEmail: 'Please check your email address.', send: 'Send', required: '"Name" is required.', time: /^\d\d:\d\d\s[AP]M$/,
  },
  // The site says German; the visitor's browser says French: the site wins.
  de: {
    browser: 'fr-FR', dataLocale: 'de', tag: 'de', open: 'Chat öffnen', title: 'Chatten Sie mit uns', write: 'Nachricht schreiben…',
    message: 'Nachricht', away: 'Abwesend', replyHours: 'Wir antworten meist innerhalb weniger Stunden.', askLabel: 'Antwort per E-Mail erhalten',
    yourEmail: 'Ihre E-Mail-Adresse', save: 'Speichern', checkEmail: 'Bitte prüfen Sie Ihre E-Mail-Adresse.', send: 'Senden',
    required: '„Name“ ist ein Pflichtfeld.', time: /^\d\d:\d\d$/,
  },
  fr: {
    browser: 'fr-CA', tag: 'fr-CA', open: 'Ouvrir le chat', title: 'Discutez avec nous', write: 'Écrivez un message…', message: 'Message',
    away: 'Indisponible', replyHours: 'Nous répondons généralement en quelques heures.', askLabel: 'Recevoir la réponse par e-mail',
    yourEmail: 'Votre adresse e-mail', save: 'Enregistrer', checkEmail: 'Veuillez vérifier votre adresse e-mail.', send: 'Envoyer',
    required: '«\u00a0Name\u00a0» est obligatoire.', time: /^\d\d\s?(:|h)\s?\d\d$/,
  },
  es: {
    browser: 'es-MX', tag: 'es-MX', open: 'Abrir el chat', title: 'Chatea con nosotros', write: 'Escribe un mensaje…', message: 'Mensaje',
    away: 'No disponible', replyHours: 'Solemos responder en pocas horas.', askLabel: 'Recibir la respuesta por correo electrónico',
    yourEmail: 'Tu correo electrónico', save: 'Guardar', checkEmail: 'Revisa tu dirección de correo electrónico.', send: 'Enviar',
    required: '«Name» es obligatorio.', time: /^\d\d:\d\d\s[ap]\.\s?m\.$/,
  },
  // An English browser on a Brazilian site that sets data-locale="pt-BR".
  pt: {
    browser: 'en-US', dataLocale: 'pt-BR', tag: 'pt-BR', open: 'Abrir o chat', title: 'Fale conosco', write: 'Escreva uma mensagem…',
    message: 'Mensagem', away: 'Indisponível', replyHours: 'Costumamos responder em poucas horas.', askLabel: 'Receber a resposta por e-mail',
    yourEmail: 'Seu e-mail', save: 'Salvar', checkEmail: 'Verifique seu endereço de e-mail.', send: 'Enviar',
    required: '“Name” é obrigatório.', time: /^\d\d:\d\d$/,
  },
};

/**
 * The widget in each of its five languages, in a real browser on another site: chosen by the browser's
 * language, or by the site's `data-locale` when it sets one (which beats the browser's). Nobody of the team
 * has the dashboard open, so the panel shows the away state and, after the first message, the email prompt.
 */
describe('widget languages', () => {
  let browser: Browser;
  let owner: Owner;
  let site: http.Server;
  let siteUrl = '';

  beforeAll(async () => {
    browser = await launchBrowser();
    owner = await signedInOwner(browser);
    const allWeek = [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, from: '00:00', to: '24:00' }));
    const saved = await owner.context.request.put('/api/settings/availability', {
      data: { timezone: 'Europe/Berlin', hours: allWeek, awayMessage: '' },
      headers: { origin: baseUrl() },
    });
    expect(saved.status()).toBe(200);
    const { form } = await ownerApi(owner, 'POST', '/api/forms', {
      name: 'Contact',
      fields: [{ name: 'name', label: 'Name', type: 'text', required: true }],
    });
    site = await startSite(owner.siteKey, form.id);
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => site?.close(resolve));
  });

  it.each(Object.entries(CASES))('speaks %s', async (lang, expected) => {
    const context = await browser.newContext({ locale: expected.browser, viewport: { width: 1280, height: 800 } });
    const page: Page = await context.newPage();
    const widget = (selector: string, hasText?: string) => page.locator(`floatmessage-chat ${selector}`, hasText ? { hasText } : {});
    await page.goto(`${siteUrl}/${expected.dataLocale ? `?locale=${expected.dataLocale}` : ''}`);
    expect(await page.evaluate(() => navigator.language)).toBe(expected.browser);

    await page.getByRole('button', { name: expected.open, exact: true }).click();
    await visible(page.getByRole('dialog', { name: expected.title }));
    expect(await widget('.fm').getAttribute('lang')).toBe(expected.tag);
    await visible(widget('.presence', expected.away));
    await visible(widget('.away', expected.replyHours));

    const box = page.getByLabel(expected.message, { exact: true });
    expect(await box.getAttribute('placeholder')).toBe(expected.write);
    await box.fill(`Hello in ${lang}`);
    await page.keyboard.press('Enter');
    const sent = await visible(widget('.msg.visitor:not(.pending)', `Hello in ${lang}`));
    expect(await sent.locator('time').textContent()).toMatch(expected.time);

    const prompt = await visible(page.getByRole('form', { name: expected.askLabel }));
    await prompt.getByLabel(expected.yourEmail, { exact: true }).fill('not-an-email');
    await prompt.getByRole('button', { name: expected.save }).click();
    await visible(prompt.getByText(expected.checkEmail));
    await screenshot(page, `widget-i18n-${lang}`);
    // Longer words must not break the panel for assistive technology, and the lang= it carries must be valid.
    expect(await seriousViolations(page)).toEqual([]);

    // The embedded form: the shared submission rules, in the visitor's language.
    const form = page.locator('[data-floatmessage-form]');
    await form.getByRole('button', { name: expected.send }).click();
    await visible(form.getByText(expected.required, { exact: true }));
    expect(await form.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
    await context.close();
  });
});

/** Another site: `/?locale=xx` puts `data-locale="xx"` on the widget's script tag. */
function startSite(siteKey: string, formId: string): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    const locale = new URL(request.url ?? '/', 'http://site').searchParams.get('locale')?.match(/^[\w-]+$/)?.[0];
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>
<body><h1>Shop</h1><div data-floatmessage-form="${formId}"></div>
<script src="${baseUrl()}/widget.js" data-site="${siteKey}"${locale ? ` data-locale="${locale}"` : ''} async></script></body></html>`;
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(html);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
