import { expect, it } from 'vitest';
import { describeEachEngine, json, type TestApp } from '../test/app.js';
import { startChat } from '../test/chat.js';
import { createOwner, type TestOwner } from '../test/factories.js';
import { DOCM_MAIN, samplePdf, sampleWordPackage, VBA_PROJECT_TYPE } from '../test/samples.js';
import { createTicket, multipartBody, storedKeys, uploadFile, type FilePart } from '../test/uploads.js';

function chatUpload(t: TestApp, owner: TestOwner, conversationId: string, part: FilePart) {
  const { payload, contentType } = multipartBody([part]);
  return t.app.inject({ method: 'POST', url: `/api/conversations/${conversationId}/attachments`, headers: { ...owner.headers, 'content-type': contentType }, payload });
}

describeEachEngine('hostile files (issue #17)', (t) => {
  it('saves text named like something active under a .txt name, for ticket attachments and files in chat', async () => {
    const owner = await createOwner(t());
    const ticket = await createTicket(t(), owner);
    const chat = await startChat(t(), owner.siteKey);
    for (const [filename, saved] of [['evil.html', 'evil.html.txt'], ['run.bat', 'run.bat.txt'], ['notes.txt', 'notes.txt']]) {
      const content = Buffer.from('echo pwned\r\n');
      const attached = await uploadFile(t(), owner, ticket.id, { content, filename, contentType: 'text/html' });
      expect(attached.statusCode, attached.body).toBe(201);
      const attachment = json(attached).attachment;
      // The name shown stays the uploader's; only the saved name gains the true extension.
      expect(attachment).toMatchObject({ filename, contentType: 'text/plain; charset=utf-8' });
      const sent = await chatUpload(t(), owner, chat.id, { content, filename });
      expect(sent.statusCode, sent.body).toBe(201);
      for (const url of [attachment.url, json(sent).message.attachments[0].url]) {
        const download = await t().app.inject({ method: 'GET', url, headers: owner.headers });
        expect(download.headers['content-type']).toBe('text/plain; charset=utf-8');
        expect(download.headers['content-disposition']).toBe(`attachment; filename="${saved}"; filename*=UTF-8''${saved}`);
      }
    }
  });

  it('accepts a PDF with an /OpenAction script but only ever serves it as a sandboxed download', async () => {
    const owner = await createOwner(t());
    const ticket = await createTicket(t(), owner);
    const pdf = samplePdf('Invoice', 'app.alert("pdf script ran");');
    const attachment = json(await uploadFile(t(), owner, ticket.id, { content: pdf, filename: 'invoice.pdf' })).attachment;
    const download = await t().app.inject({ method: 'GET', url: attachment.url, headers: owner.headers });
    expect(download.statusCode).toBe(200);
    expect(download.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="invoice.pdf"; filename*=UTF-8''invoice.pdf`,
      'content-security-policy': "default-src 'none'; sandbox",
      'x-content-type-options': 'nosniff',
    });
    expect(download.rawPayload.equals(pdf)).toBe(true);
  });

  it('refuses a macro-enabled Word package with a renamed VBA part (415, clear message, nothing stored)', async () => {
    const owner = await createOwner(t());
    const ticket = await createTicket(t(), owner);
    const docm = sampleWordPackage({ mainType: DOCM_MAIN, vbaPart: 'word/logo.dat', extraTypes: `<Default Extension="dat" ContentType="${VBA_PROJECT_TYPE}"/>` });
    const disguised = sampleWordPackage({ vbaPart: 'word/media/image1.png', extraTypes: '<Default Extension="png" ContentType="image/png"/>' });
    for (const content of [docm, disguised]) {
      const response = await uploadFile(t(), owner, ticket.id, { content, filename: 'invoice.docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
      expect(response.statusCode).toBe(415);
      expect(json(response).error).toMatchObject({
        code: 'unsupported_file_type',
        message: 'This file type is not allowed (a Word document with macros). Allowed: JPEG, PNG, WebP, GIF, PDF, TXT, CSV, DOC, DOCX.',
      });
    }
    expect(await storedKeys(t(), owner.user.id)).toEqual([]);
  });
});
