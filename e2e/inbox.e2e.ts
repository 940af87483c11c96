import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  baseUrl, clickNotification, countSounds, dropFiles, notificationsShown, recordNotifications, sendToBackground, expectEventually, gone, invitedTeammate, launchBrowser, ownerApi, screenshot, signedInOwner, soundsPlayed, urlMatches,
  visible, visitorSends, visitorSocket, visitorStartsConversation, visitorSubmitsForm, visitorUploads, type Owner,
} from './helpers.js';

/**
 * The chat inbox in the dashboard, as two teammates of one workspace see it, with the visitor played
 * through the public API and socket.
 */
describe('chat inbox', () => {
  let browser: Browser;
  let owner: Owner;
  let mate: Owner & { userId: string };
  let ownerId = '';
  let conversationId = '';
  let visitorToken = '';

  const thread = (page: Page, id = conversationId) => page.goto(`/chat/${id}`);
  const liveOn = (page: Page) => visible(page.locator('.live-status.open'));

  beforeAll(async () => {
    browser = await launchBrowser();
    owner = await signedInOwner(browser, 'Olive Owner');
    await countSounds(owner.context);
    await recordNotifications(owner.context);
    ownerId = (await ownerApi(owner, 'GET', '/api/me')).user.id;
    mate = await invitedTeammate(browser, owner, 'Mia Mate');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('tells a teammate on the Tickets page about a new chat: nav badge, tab title, sound; viewing it clears them', async () => {
    const { page } = owner;
    await page.goto('/tickets');
    await liveOn(page);
    expect(await page.title()).toBe('Tickets · FloatMessage');
    const started = await visitorStartsConversation(owner.siteKey, { name: 'Vera Visitor', email: 'vera@example.com', body: 'Where is my parcel?' });
    conversationId = started.conversation.id;
    visitorToken = started.visitorToken;

    const badge = await visible(page.getByTestId('badge-conversations'));
    expect(await badge.textContent()).toBe('1');
    await visible(page.getByRole('link', { name: 'Chat, 1 unread' }));
    await expectEventually(() => page.title(), '(1) Tickets · FloatMessage');
    await expectEventually(async () => (await soundsPlayed(page)) > 0, true);
    await screenshot(page, 'inbox-badge-on-tickets');

    // Opening the conversation reads it: on the server, so the teammate's own count is untouched.
    await page.getByRole('link', { name: /^Chat/ }).click();
    await page.locator(`[data-conversation-id="${conversationId}"]`).click();
    await visible(page.locator('.bubble', { hasText: 'Where is my parcel?' }));
    await gone(page.getByTestId('badge-conversations'));
    await expectEventually(() => page.title(), 'Chat · FloatMessage');
    expect(await ownerApi(owner, 'GET', '/api/me/unread')).toMatchObject({ conversations: 0 });
    expect(await ownerApi(mate, 'GET', '/api/me/unread')).toMatchObject({ conversations: 1 });
  });

  it('counts new submissions on Submissions until the list is viewed', async () => {
    const { page } = owner;
    const { form } = await ownerApi(owner, 'POST', '/api/forms', { name: 'Contact', fields: [{ name: 'email', label: 'Email', type: 'email', required: true }] });
    await page.goto('/tickets');
    await liveOn(page);
    await visitorSubmitsForm(owner.siteKey, form.id, { email: 'sam@example.com' });
    await visible(page.getByRole('link', { name: 'Submissions, 1 new' }));
    await page.getByRole('link', { name: /^Submissions/ }).click();
    await visible(page.locator('tr', { hasText: 'sam@example.com' }));
    await gone(page.getByTestId('badge-submissions'));
  });

  it('turns the sound off from Settings (remembered in this browser); desktop notifications are asked for from a button only', async () => {
    const { page } = owner;
    await page.goto('/settings');
    const sound = page.getByLabel('Play a sound on a new conversation or visitor message');
    expect(await sound.isChecked()).toBe(true);
    await visible(page.getByRole('button', { name: 'Enable desktop notifications' }));
    expect(await page.evaluate(() => Notification.permission)).toBe('default');
    await sound.uncheck();
    await page.reload();
    expect(await page.getByLabel('Play a sound on a new conversation or visitor message').isChecked()).toBe(false);
    await screenshot(page, 'inbox-alert-settings');

    await page.goto('/tickets');
    await liveOn(page);
    const before = await soundsPlayed(page);
    await visitorSends(conversationId, visitorToken, 'Quiet please');
    await expectEventually(() => page.title(), '(1) Tickets · FloatMessage');
    expect(await soundsPlayed(page)).toBe(before);

    await page.goto('/settings');
    await page.getByLabel('Play a sound on a new conversation or visitor message').check();
    // Granted (as after the browser's prompt): the switch for desktop notifications shows instead of the button.
    await owner.context.grantPermissions(['notifications']);
    await page.reload();
    expect(await page.getByLabel('Show desktop notifications while the dashboard is in the background').isChecked()).toBe(true);
  });

  it('shows a desktop notification while the dashboard is in the background; clicking it opens the conversation', async () => {
    const { page } = owner;
    await owner.context.grantPermissions(['notifications']);
    await page.goto('/tickets');
    await liveOn(page);
    const other = await sendToBackground(page);
    try {
      await visitorSends(conversationId, visitorToken, 'Are you there?');
      await expectEventually(async () => (await notificationsShown(page)).length, 1);
      expect((await notificationsShown(page))[0]).toEqual({ title: 'Vera Visitor wrote', body: 'Are you there?' });
      // My own reply (from another tab) notifies nobody: only visitors' messages do.
      await ownerApi(owner, 'POST', `/api/conversations/${conversationId}/messages`, { body: 'Yes, one moment.' });
      await clickNotification(page, 0);
      await urlMatches(page, new RegExp(`/chat/${conversationId}$`));
      await visible(page.locator('.bubble', { hasText: 'Yes, one moment.' }));
      expect((await notificationsShown(page)).length).toBe(1);
    } finally {
      await other.close();
    }
  });

  it("labels a teammate's reply with their name and only my own with You; no sound for replies", async () => {
    const { page } = owner;
    await thread(page);
    await liveOn(page);
    const sounds = await soundsPlayed(page);
    await ownerApi(mate, 'POST', `/api/conversations/${conversationId}/messages`, { body: 'Hi Vera, Mia here. Checking now.' });
    const mateMessage = await visible(page.locator('.message.owner', { hasText: 'Mia here' }));
    expect(await mateMessage.locator('.message-author').textContent()).toBe('Mia Mate');

    await page.getByLabel('Reply').fill('Olive here too.');
    await page.keyboard.press('Enter');
    const mine = await visible(page.locator('.message.owner', { hasText: 'Olive here too.' }));
    expect(await mine.locator('.message-author').textContent()).toBe('You');
    expect(await soundsPlayed(page)).toBe(sounds);

    // The teammate's dashboard shows it the other way round.
    await thread(mate.page);
    expect(await (await visible(mate.page.locator('.message.owner', { hasText: 'Olive here too.' }))).locator('.message-author').textContent()).toBe('Olive Owner');
    expect(await mate.page.locator('.message.owner', { hasText: 'Mia here' }).locator('.message-author').textContent()).toBe('You');
    await screenshot(page, 'inbox-teammate-names');
  });

  it('shows the visitor typing in the thread, and sends my typing to the visitor', async () => {
    const { page } = owner;
    await thread(page);
    await liveOn(page);
    const socket = await visitorSocket(browser, conversationId, visitorToken);
    try {
      await socket.send({ type: 'typing' });
      await visible(page.getByText('Visitor is typing…'));
      await screenshot(page, 'inbox-visitor-typing');
      // A message from the visitor ends it.
      await visitorSends(conversationId, visitorToken, 'Order 4411');
      await visible(page.locator('.bubble', { hasText: 'Order 4411' }));
      await gone(page.getByText('Visitor is typing…'));

      // Typed over more than the 2 s throttle window, as a person types: a frame dropped because this side
      // typed a moment ago (an earlier test) is followed by one that passes.
      await page.getByLabel('Reply').pressSequentially('Let me look into it', { delay: 150 });
      await expectEventually(async () => (await socket.frames()).some((f) => f.type === 'conversation.typing' && f.data.who === 'agent'), true);
      const typing = (await socket.frames()).find((f) => f.type === 'conversation.typing')!;
      expect(typing.data).toMatchObject({ conversationId, who: 'agent', name: 'Olive Owner' });
      expect(JSON.stringify(typing.data)).not.toContain(ownerId);
      await page.getByLabel('Reply').fill('');

      // A teammate typing in the same conversation shows by name (and not in their own dashboard).
      await thread(mate.page);
      await liveOn(mate.page);
      // Long enough to outlast the server's 2 s throttle of the agent side, which the owner just used.
      await mate.page.getByLabel('Reply').pressSequentially('On it, checking the order now', { delay: 120 });
      await visible(page.getByText('Mia Mate is typing…'));
      expect(await mate.page.getByText('Mia Mate is typing…').count()).toBe(0);
      await mate.page.getByLabel('Reply').fill('');
    } finally {
      await socket.close();
    }
  });

  it('manages saved replies in Settings and inserts one with / in the reply box', async () => {
    const { page } = owner;
    await page.goto('/settings');
    await page.getByRole('button', { name: 'New saved reply' }).click();
    const form = page.getByRole('form', { name: 'New saved reply' });
    await form.getByLabel('Shortcut').fill('not valid!');
    await form.getByLabel('Title').fill('Thanks');
    await form.getByLabel('Reply text').fill('Thanks {{visitor.name}}, we are on it.');
    await form.getByRole('button', { name: 'Add saved reply' }).click();
    await visible(form.getByRole('alert').filter({ hasText: 'shortcut' }));
    await form.getByLabel('Shortcut').fill('thanks');
    await form.getByRole('button', { name: 'Add saved reply' }).click();
    await visible(page.locator('.saved-reply-row', { hasText: '/thanks' }));
    await ownerApi(owner, 'POST', '/api/saved-replies', { shortcut: 'refund', title: 'Refund policy', body: 'Refunds take 5 days.' });

    // A second one with the same shortcut is refused with the server's reason.
    await page.getByRole('button', { name: 'New saved reply' }).click();
    await form.getByLabel('Shortcut').fill('thanks');
    await form.getByLabel('Title').fill('Again');
    await form.getByLabel('Reply text').fill('x');
    await form.getByRole('button', { name: 'Add saved reply' }).click();
    await visible(form.getByRole('alert').filter({ hasText: '“/thanks” is taken' }));
    await form.getByRole('button', { name: 'Cancel' }).click();
    await screenshot(page, 'inbox-saved-replies-settings');

    await thread(page);
    const box = page.getByRole('combobox', { name: 'Reply' });
    await box.fill('');
    await box.pressSequentially('/');
    const list = await visible(page.getByRole('listbox', { name: 'Saved replies' }));
    expect(await list.getByRole('option').count()).toBe(2);
    await box.pressSequentially('tha');
    await expectEventually(() => list.getByRole('option').count(), 1);
    expect(await box.getAttribute('aria-expanded')).toBe('true');
    await screenshot(page, 'inbox-saved-reply-list');
    await page.keyboard.press('Enter');
    await gone(page.getByRole('listbox'));
    expect(await box.inputValue()).toBe('Thanks Vera Visitor, we are on it.');

    // Arrows move through the list; Escape closes it and keeps the text.
    await box.fill('/');
    const again = await visible(page.getByRole('listbox', { name: 'Saved replies' }));
    expect(await again.getByRole('option', { selected: true }).textContent()).toContain('/refund');
    await page.keyboard.press('ArrowDown');
    expect(await again.getByRole('option', { selected: true }).textContent()).toContain('/thanks');
    expect(await box.getAttribute('aria-activedescendant')).toBe(await again.getByRole('option', { selected: true }).getAttribute('id'));
    await page.keyboard.press('Escape');
    await gone(page.getByRole('listbox'));
    expect(await box.inputValue()).toBe('/');

    // A shortcut that matches nothing says so, and Enter does not send it to the visitor.
    await box.fill('/zzz');
    await visible(page.getByText('No saved reply matches.'));
    await page.keyboard.press('Enter');
    expect(await box.inputValue()).toBe('/zzz');
    await box.fill('');

    // Edit one, delete the other.
    await page.goto('/settings');
    await page.getByRole('button', { name: 'Edit /thanks' }).click();
    const edit = page.getByRole('form', { name: 'Edit /thanks' });
    await edit.getByLabel('Title').fill('Thank you');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await visible(page.locator('.saved-reply-row', { hasText: 'Thank you' }));
    await page.getByRole('button', { name: 'Delete /refund' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete saved reply' }).click();
    await gone(page.locator('.saved-reply-row', { hasText: '/refund' }));
    const { items } = await ownerApi(owner, 'GET', '/api/saved-replies');
    expect(items.map((r: { shortcut: string; title: string }) => [r.shortcut, r.title])).toEqual([['thanks', 'Thank you']]);
  });

  it("shows a visitor's PNG as a thumbnail and sends the agent's dropped file to the visitor", async () => {
    const { page } = owner;
    await thread(page);
    await liveOn(page);
    const png = Uint8Array.from(await sharp({ create: { width: 64, height: 48, channels: 3, background: '#5b5bd6' } }).png().toBuffer());
    const sent = await visitorUploads(conversationId, visitorToken, { name: 'screenshot.png', type: 'image/png', bytes: png });
    const card = await visible(page.locator(`.message.visitor [data-attachment-id="${sent.message.attachments[0]!.id}"]`));
    const image = card.locator('img');
    await expectEventually(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), true);
    expect(await image.getAttribute('src')).toMatch(/\/thumbnail$/);
    await visible(card.getByRole('link', { name: 'Download screenshot.png' }));

    await dropFiles(page, '[data-testid="reply-box"]', [{ name: 'label.png', type: 'image/png', png: { width: 40, height: 30 } }]);
    await visible(page.locator('.message.owner img[src$="/thumbnail"]'));
    const history = await fetch(`${baseUrl()}/api/widget/conversations/${conversationId}/messages`, { headers: { 'x-visitor-token': visitorToken } });
    const items = (await history.json()).items as { author: string; attachments?: { filename: string }[] }[];
    expect(items.some((m) => m.author === 'owner' && m.attachments?.some((a) => a.filename === 'label.png'))).toBe(true);
    await screenshot(page, 'inbox-files');
  });

  it('resolves and assigns from the header, live for the teammate; a new visitor message reopens it', async () => {
    const { page } = owner;
    await thread(page);
    await mate.page.goto('/chat?assignee=me');
    await liveOn(mate.page);
    await visible(mate.page.getByText('Nothing assigned to you.'));

    await page.getByLabel('Assignee').selectOption({ label: 'Mia Mate' });
    await visible(mate.page.locator(`[data-conversation-id="${conversationId}"]`));

    await mate.page.goto('/chat');
    await liveOn(mate.page);
    const row = await visible(mate.page.locator(`[data-conversation-id="${conversationId}"]`));
    await page.getByRole('button', { name: 'Resolve' }).click();
    await visible(page.getByRole('button', { name: 'Reopen' }));
    await gone(row);
    await gone(page.locator(`[data-conversation-id="${conversationId}"]`));

    await mate.page.getByRole('tab', { name: 'Resolved' }).click();
    await urlMatches(mate.page, /status=resolved/);
    await visible(mate.page.locator(`[data-conversation-id="${conversationId}"]`));
    await screenshot(mate.page, 'inbox-resolved');

    await visitorSends(conversationId, visitorToken, 'Sorry, one more thing!');
    // Reopened: it leaves the Resolved tab and the header offers Resolve again.
    await gone(mate.page.locator(`[data-conversation-id="${conversationId}"]`));
    await visible(page.getByRole('button', { name: 'Resolve' }));
    await page.getByRole('tab', { name: 'Open' }).click();
    await visible(page.locator(`[data-conversation-id="${conversationId}"]`));
    expect((await ownerApi(owner, 'GET', `/api/conversations/${conversationId}`)).conversation).toMatchObject({
      status: 'open',
      assignee: { id: mate.userId, name: 'Mia Mate' },
    });
  });

  it('shows the visitor context and links to their earlier conversations', async () => {
    const { page } = owner;
    const again = await visitorStartsConversation(owner.siteKey, {
      name: 'Vera Visitor',
      email: 'vera@example.com',
      body: 'Back again',
      headers: {
        'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
        'accept-language': 'de-DE,de;q=0.9,en;q=0.8',
      },
    });
    await thread(page, again.conversation.id);
    const details = await visible(page.locator('dl.thread-meta'));
    const text = await details.textContent();
    expect(text).toContain('shop.example.com/pricing');
    expect(text).toContain('Chrome 120 on Windows');
    expect(text).toContain('de-DE');
    await screenshot(page, 'inbox-visitor-context');
    await page.getByRole('link', { name: '1 earlier conversation' }).click();
    await urlMatches(page, /visitorEmail=/);
    await visible(page.getByText('Conversations with vera@example.com'));
    await visible(page.locator(`[data-conversation-id="${conversationId}"]`));
    await visible(page.locator(`[data-conversation-id="${again.conversation.id}"]`));
  });
});
