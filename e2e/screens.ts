import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  baseUrl, ownerApi, samplePdf, signedInOwner, visible, visitorStartsConversation, visitorSubmitsForm, type Owner,
} from './helpers.js';

/** The two sizes every main screen is checked at: a phone (iPhone 12–15) and a common laptop. */
export const PHONE = { width: 390, height: 844 };
export const LAPTOP = { width: 1366, height: 850 };
export const THEMES = ['light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export interface Screen {
  name: string;
  path: string;
  /** Something that is on the screen once its data has arrived. */
  ready: (page: Page) => Promise<unknown>;
  /** False for /demo: it plays the owner's own (light) website, so it keeps its colours in dark mode. */
  themed?: false;
}

/**
 * One owner with something on every main screen: a conversation with a reply from each side, a
 * ticket with an image and a PDF attached, a form with a submission. Returns the screens to visit.
 */
export async function ownerWithData(browser: Browser): Promise<{ owner: Owner; screens: Screen[] }> {
  const owner = await signedInOwner(browser, 'Pat Phone');
  const { conversation } = await visitorStartsConversation(owner.siteKey, { name: 'Vera Visitor', email: 'vera@example.com', body: 'Hello, does the plan include invoices for my accountant?' });
  await ownerApi(owner, 'POST', `/api/conversations/${conversation.id}/messages`, { body: 'Yes: every plan has monthly invoices as PDF.' });
  const { ticket } = await ownerApi(owner, 'POST', '/api/tickets', { conversationId: conversation.id, title: 'Invoices for the accountant' });
  await uploadTicketFile(owner, ticket.id, { name: 'quote.pdf', type: 'application/pdf', bytes: Buffer.from(samplePdf(), 'base64') });
  await uploadTicketFile(owner, ticket.id, { name: 'screenshot.png', type: 'image/png', bytes: TINY_PNG });
  const { form } = await ownerApi(owner, 'POST', '/api/forms', {
    name: 'Contact us',
    fields: [
      { name: 'name', label: 'Name', type: 'text', required: true },
      { name: 'email', label: 'Email', type: 'email', required: true },
      { name: 'message', label: 'Message', type: 'textarea' },
    ],
  });
  const { submission } = await visitorSubmitsForm(owner.siteKey, form.id, { name: 'Sam Submitter', email: 'sam@example.com', message: 'Please call me back about a quote for 40 seats.' });
  const heading = (name: string) => (page: Page) => visible(page.getByRole('heading', { name, exact: true }));
  const screens: Screen[] = [
    { name: 'chat', path: '/chat', ready: (page) => visible(page.locator('.conversation-name', { hasText: 'Vera Visitor' })) },
    { name: 'chat-thread', path: `/chat/${conversation.id}`, ready: (page) => visible(page.locator('.bubble', { hasText: 'every plan has monthly invoices' })) },
    { name: 'tickets', path: '/tickets', ready: (page) => visible(page.getByText('Invoices for the accountant')) },
    { name: 'ticket', path: `/tickets/${ticket.id}`, ready: (page) => visible(page.getByText('screenshot.png')) },
    { name: 'submissions', path: '/submissions', ready: (page) => visible(page.getByText('Sam Submitter')) },
    { name: 'submission', path: `/submissions/${submission.id}`, ready: (page) => visible(page.getByText('Please call me back')) },
    { name: 'forms', path: '/forms', ready: (page) => visible(page.getByText('Contact us')) },
    { name: 'form-editor', path: `/forms/${form.id}`, ready: (page) => visible(page.getByLabel('Form name')) },
    { name: 'reports', path: '/reports', ready: heading('Reports') },
    { name: 'team', path: '/team', ready: heading('Team') },
    { name: 'tags', path: '/tags', ready: heading('Tags') },
    { name: 'settings', path: '/settings', ready: (page) => visible(page.getByLabel('Widget snippet', { exact: true })) },
    { name: 'hosted-form', path: `/f/${form.id}`, ready: heading('Contact us') },
    { name: 'demo', path: '/demo', ready: heading('See it work in a minute'), themed: false },
  ];
  return { owner, screens };
}

/** A browser context of the owner's session at a size and colour scheme (the session cookie is copied over). */
export async function ownerContext(browser: Browser, owner: Owner, viewport: { width: number; height: number }, theme: Theme): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: baseUrl(), viewport, colorScheme: theme, deviceScaleFactor: 1, reducedMotion: 'reduce' });
  await context.addCookies(await owner.context.cookies());
  return context;
}

/** True when the page scrolls sideways (the document, not an inner scroller such as a code block). */
export const scrollsSideways = (page: Page) =>
  page.evaluate(() => document.scrollingElement!.scrollWidth > window.innerWidth);

async function uploadTicketFile(owner: Owner, ticketId: string, file: { name: string; type: string; bytes: Buffer }) {
  const response = await owner.context.request.post(`/api/tickets/${ticketId}/attachments`, {
    headers: { origin: baseUrl() },
    multipart: { file: { name: file.name, mimeType: file.type, buffer: file.bytes } },
  });
  if (response.status() !== 201) throw new Error(`ticket upload failed: ${response.status()} ${await response.text()}`);
}

// A 2×2 red PNG: a real image, so the ticket shows a thumbnail.
const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==', 'base64');
