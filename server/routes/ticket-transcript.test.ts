import { expect, it } from 'vitest';
import { newId } from '../lib/ids.js';
import { describeEachEngine, json, type TestApp } from '../test/app.js';
import { createOwner, insertConversation, insertSubmission, type TestOwner } from '../test/factories.js';

const get = async (t: TestApp, owner: TestOwner, url: string) => json(await t.app.inject({ method: 'GET', url, headers: owner.headers }));

describeEachEngine('tickets: the transcript', (t) => {
  it('copies the conversation (author, name, body, time) at creation and keeps it after the conversation is deleted', async () => {
    const owner = await createOwner(t(), { name: 'Ada Support' });
    const conversationId = await insertConversation(t(), owner, { visitorName: 'Jane', messages: ['My parcel never arrived', 'Order 5521'] });
    const at = Date.now() + 1000;
    await t().app.db.insertInto('messages').values({
      id: newId(), owner_id: owner.user.id, conversation_id: conversationId, author: 'owner', author_user_id: owner.user.id, body: 'Sorry! Checking the courier now.', created_at: at,
    }).execute();
    const created = json(await t().app.inject({ method: 'POST', url: '/api/tickets', headers: owner.headers, payload: { conversationId } })).ticket;
    expect(created.transcript.messages).toEqual([
      { author: 'visitor', authorName: 'Jane', body: 'My parcel never arrived', createdAt: expect.any(String) },
      { author: 'visitor', authorName: 'Jane', body: 'Order 5521', createdAt: expect.any(String) },
      { author: 'owner', authorName: 'Ada Support', body: 'Sorry! Checking the courier now.', createdAt: new Date(at).toISOString() },
    ]);
    // A later message is not part of the copy; deleting the conversation changes nothing in it.
    expect((await t().app.inject({ method: 'DELETE', url: `/api/conversations/${conversationId}`, headers: owner.headers })).statusCode).toBe(204);
    const after = (await get(t(), owner, `/api/tickets/${created.id}`)).ticket;
    expect(after.source.available).toBe(false);
    expect(after.transcript).toEqual(created.transcript);
    // Still found by the customer's words, with a snippet from the transcript.
    const found = await get(t(), owner, '/api/tickets?q=courier');
    expect(found.items.map((item: any) => item.id)).toEqual([created.id]);
    expect(found.items[0].match).toEqual({ field: 'transcript', snippet: 'Jane: My parcel never arrived Jane: Order 5521 Ada Support: Sorry! Checking the [[courier]] now.' });
    expect(found.items[0]).not.toHaveProperty('transcript');
  });

  it('copies the submission’s labelled fields (checkboxes as Yes/No) and searches them', async () => {
    const owner = await createOwner(t());
    const submissionId = await insertSubmission(t(), owner, { visitorName: 'Ola', visitorEmail: 'ola@example.no' });
    await t().app.db.updateTable('form_submissions').set({
      fields: JSON.stringify([
        { name: 'name', label: 'Your name', type: 'text', value: 'Ola' },
        { name: 'message', label: 'Message', type: 'textarea', value: 'The invoice shows the wrong VAT number' },
        { name: 'gdpr', label: 'Contact me', type: 'checkbox', value: true },
      ]),
    }).where('id', '=', submissionId).execute();
    const created = json(await t().app.inject({ method: 'POST', url: '/api/tickets', headers: owner.headers, payload: { formSubmissionId: submissionId } })).ticket;
    expect(created.transcript).toEqual({ fields: [
      { label: 'Your name', value: 'Ola' },
      { label: 'Message', value: 'The invoice shows the wrong VAT number' },
      { label: 'Contact me', value: 'Yes' },
    ] });
    await t().app.inject({ method: 'DELETE', url: `/api/submissions/${submissionId}`, headers: owner.headers });
    const found = await get(t(), owner, '/api/tickets?q=vat%20invoice');
    expect(found.items.map((item: any) => item.id)).toEqual([created.id]);
    expect(found.items[0].match.field).toBe('transcript');
    expect(found.items[0].match.snippet).toContain('[[invoice]]');
    expect(found.items[0].match.snippet).toContain('[[VAT]]');
  });
});
