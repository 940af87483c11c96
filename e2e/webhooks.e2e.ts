import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, ownerApi, screenshot, signedInOwner, visible, type Owner } from './helpers.js';

interface Received { headers: http.IncomingHttpHeaders; body: string }

describe('webhooks in Settings', () => {
  let browser: Browser;
  let owner: Owner;
  let receiver: http.Server;
  let target = '';
  const received: Received[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    owner = await signedInOwner(browser, 'Wendy Webhook');
    // A real receiver on loopback (the e2e server runs with WEBHOOK_ALLOW_PRIVATE=true).
    receiver = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    target = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/floatmessage`;
  });
  afterAll(async () => {
    await browser?.close();
    receiver?.closeAllConnections();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  async function until(check: () => boolean | Promise<boolean>, what: string) {
    for (let i = 0; !(await check()); i++) {
      if (i > 200) throw new Error(`still waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('creates a webhook, sees a ticket change delivered (signed) in the log, and redelivers it', async () => {
    const { page } = owner;
    await page.goto('/settings');
    await visible(page.getByRole('heading', { name: 'Webhooks' }));
    await page.getByLabel('Endpoint URL').fill(target);
    // Ticket events are ticked by default; add chat messages too.
    await page.getByLabel('New chat message').check();
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const secret = await (await visible(page.getByLabel('Signing secret (shown once)'))).inputValue();
    expect(secret).toMatch(/^whsec_/);
    await visible(page.getByRole('list', { name: 'Webhooks' }).getByText(target));

    const { ticket } = await ownerApi(owner, 'POST', '/api/tickets', { title: 'Webhook me' });
    await ownerApi(owner, 'PATCH', `/api/tickets/${ticket.id}`, { status: 'closed' });
    await until(() => received.length >= 2, 'two deliveries');
    for (const hook of received) {
      const [t, v1] = String(hook.headers['x-floatmessage-signature']).split(',').map((part) => part.split('=')[1]!);
      expect(crypto.createHmac('sha256', secret).update(`${t}.${hook.body}`).digest('hex')).toBe(v1);
    }
    const updated = received.map((hook) => JSON.parse(hook.body)).find((body) => body.type === 'ticket.updated');
    expect(updated.data.ticket).toMatchObject({ id: ticket.id, status: 'closed' });

    await page.getByRole('button', { name: 'Deliveries' }).click();
    const log = page.getByRole('table', { name: 'Deliveries' });
    await until(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      return (await log.getByRole('row').filter({ hasText: 'Delivered' }).count()) === 2;
    }, 'two delivered rows in the log');
    const row = log.getByRole('row').filter({ hasText: 'ticket.updated' });
    await expect(row.getByRole('cell').nth(2).textContent()).resolves.toBe('1');
    await screenshot(page, 'webhooks-log');

    await row.getByRole('button', { name: 'Redeliver' }).click();
    await until(() => received.length >= 3, 'the redelivery');
    expect(received[2]!.headers['x-floatmessage-delivery']).toBe(received.find((hook) => JSON.parse(hook.body).type === 'ticket.updated')!.headers['x-floatmessage-delivery']);
  });

  it('turns a webhook off and on, and shows the server\'s refusal of a bad URL', async () => {
    const { page } = owner;
    await page.getByRole('button', { name: 'Turn off' }).click();
    await visible(page.getByRole('list', { name: 'Webhooks' }).getByText('Off', { exact: true }));
    await page.getByRole('button', { name: 'Turn on' }).click();
    await visible(page.getByRole('list', { name: 'Webhooks' }).getByText('On', { exact: true }));
    // An invalid URL is refused by the server with a sentence the form shows.
    await page.getByLabel('Endpoint URL').fill('ftp://example.com/hook');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await visible(page.getByRole('alert').filter({ hasText: 'http' }));
  });
});
