import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, launchBrowser, ownerApi, screenshot, signedInOwner, uniqueEmail, visible, visitorStartsConversation, type Owner } from './helpers.js';
import { waitForMail } from './mail-catcher.js';

/**
 * Issue 14 item 3 and issue 15 item 9 in a real browser: a visitor follows the emailed link to the
 * hosted conversation page and replies there (the teammate sees it live in the dashboard), and the
 * widget shows a visible ticket's status change live. The e2e server mails after VISITOR_EMAIL_DELAY_S=1.
 */
describe('visitor follow-up: mail, hosted page, ticket status', () => {
  let browser: Browser;
  let owner: Owner;

  beforeAll(async () => {
    browser = await launchBrowser();
    owner = await signedInOwner(browser, 'Acme Support');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a visitor follows the emailed link, reads the reply, answers on the page; the teammate sees it live', async () => {
    const email = uniqueEmail('visitor');
    const { conversation } = await visitorStartsConversation(owner.siteKey, { name: 'Vera', email, body: 'Is the blue one in stock?' });
    // The teammate has the conversation open in the dashboard.
    await owner.page.goto(`/chat/${conversation.id}`);
    await visible(owner.page.getByText('Is the blue one in stock?'));
    await ownerApi(owner, 'POST', `/api/conversations/${conversation.id}/messages`, { body: 'Yes, two left. Shall I reserve one?' });

    const mail = await waitForMail(email, 30_000);
    expect(mail.subject).toBe('Acme Support replied to your message');
    const link = [...(mail.text ?? '').matchAll(/https?:\/\/\S+/g)].map((m) => m[0]).find((l) => l.includes('?t='))!;
    expect(link.startsWith(`${baseUrl()}/c/${conversation.id}?t=`)).toBe(true);

    const visitor = await browser.newContext({ viewport: { width: 800, height: 900 } });
    try {
      const page = await visitor.newPage();
      await page.goto(link);
      // The token was traded for a cookie: the address bar shows the clean URL.
      expect(page.url()).toBe(`${baseUrl()}/c/${conversation.id}`);
      await visible(page.getByRole('heading', { name: 'Conversation with Acme Support' }));
      await visible(page.getByText('Yes, two left. Shall I reserve one?'));
      await page.getByLabel('Your reply').fill('Yes please, reserve one for me.');
      await page.getByRole('button', { name: 'Send' }).click();
      await page.waitForURL(`${baseUrl()}/c/${conversation.id}`);
      await visible(page.getByText('Yes please, reserve one for me.'));
      await screenshot(page, 'hosted-conversation');
      // The teammate's open thread shows it without a reload.
      await visible(owner.page.getByText('Yes please, reserve one for me.'));

      // The link was single use: opened again (e.g. from another device) it is the friendly 404 page.
      const again = await (await browser.newContext()).newPage();
      const response = await again.goto(link);
      expect(response?.status()).toBe(404);
      await visible(again.getByRole('heading', { name: 'This link has expired' }));
    } finally {
      await visitor.close();
    }
  });

  it('the widget shows "Your request #N — In progress" and follows a status change live', async () => {
    const site = await startSite(owner.siteKey);
    const visitor = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await visitor.newPage();
      await page.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
      await page.getByRole('button', { name: 'Open chat' }).click();
      await page.locator('floatmessage-chat textarea').fill('My parcel never arrived.');
      await page.locator('floatmessage-chat textarea').press('Enter');
      // Not the pending copy: the owner's list must already hold the message.
      await visible(page.locator('floatmessage-chat .msg.visitor:not(.pending)', { hasText: 'My parcel never arrived.' }));
      const conversations = await ownerApi(owner, 'GET', '/api/conversations');
      const conversation = conversations.items.find((c: { lastMessage?: { body?: string } | string }) => JSON.stringify(c).includes('My parcel never arrived.'));
      const { ticket } = await ownerApi(owner, 'POST', '/api/tickets', { conversationId: conversation.id, title: 'Lost parcel' });
      await ownerApi(owner, 'PATCH', `/api/tickets/${ticket.id}`, { visibleToVisitor: true, status: 'in_progress', notes: 'Courier says damaged' });

      const requests = page.locator('floatmessage-chat ul.tickets');
      await visible(requests.getByText(`Your request #${ticket.number} — In progress`));
      await visible(requests.getByText('Lost parcel'));
      await ownerApi(owner, 'PATCH', `/api/tickets/${ticket.id}`, { status: 'closed' });
      await visible(requests.getByText(`Your request #${ticket.number} — Resolved`));
      expect(await page.locator('floatmessage-chat').evaluate((host) => host.shadowRoot!.textContent)).not.toContain('Courier says damaged');
      await screenshot(page, 'widget-ticket-status');
    } finally {
      await visitor.close();
      await new Promise((resolve) => site.close(resolve));
    }
  });
});

function startSite(siteKey: string): Promise<http.Server> {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme</title></head>
<body><h1>Acme Shop</h1><script src="${baseUrl()}/widget.js" data-site="${siteKey}" data-title="Chat with Acme" async></script></body></html>`;
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(html);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
