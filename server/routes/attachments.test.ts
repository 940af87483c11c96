import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MAX_ATTACHMENT_BYTES } from '../attachments/store-upload.js';
import { describeEachEngine, json, type TestApp } from '../test/app.js';
import { createOwner, type TestOwner } from '../test/factories.js';
import { startTestS3 } from '../test/s3.js';
import {
  sampleAnimatedGif, sampleBombPng, sampleDoc, sampleDocx, sampleExe, sampleImage, samplePdf,
} from '../test/samples.js';
import { attachmentRows, createTicket, filesOnDisk, multipartBody, storedKeys, uploadFile } from '../test/uploads.js';

// A real S3-protocol server on an ephemeral loopback port for the whole file.
const s3 = await startTestS3();
afterAll(() => s3.close());

const samples: Record<string, Buffer> = {};
beforeAll(async () => {
  for (const format of ['jpeg', 'png', 'webp', 'gif'] as const) samples[format] = await sampleImage(format, 640, 480);
  samples.animatedGif = await sampleAnimatedGif();
});

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const allowed: [string, () => Buffer, string, string, string, boolean][] = [
  // label, content, uploaded name, stored content type, key extension, thumbnail?
  ['JPEG', () => samples.jpeg!, 'photo.jpeg', 'image/jpeg', 'jpg', true],
  ['PNG', () => samples.png!, 'screenshot.png', 'image/png', 'png', true],
  ['WebP', () => samples.webp!, 'shot.webp', 'image/webp', 'webp', true],
  ['GIF', () => samples.animatedGif!, 'anim.gif', 'image/gif', 'gif', true],
  ['PDF', () => samplePdf(), 'proposal.pdf', 'application/pdf', 'pdf', false],
  ['TXT', () => Buffer.from('Steps to reproduce:\n1. open checkout\n'), 'steps.txt', 'text/plain; charset=utf-8', 'txt', false],
  ['CSV', () => Buffer.from('order,amount\n1234,19.99\n'), 'refunds.csv', 'text/csv; charset=utf-8', 'csv', false],
  ['DOC', () => sampleDoc(), 'letter.doc', 'application/msword', 'doc', false],
  ['DOCX', () => sampleDocx(), 'letter.docx', DOCX, 'docx', false],
];

function attachmentSuite(storeName: string) {
  return (t: () => TestApp) => {
    let owner: TestOwner;
    beforeAll(async () => {
      owner = await createOwner(t());
    });

    it.each(allowed)(`[${storeName}] accepts %s and lists it on the ticket`, async (_label, content, filename, contentType, extension, thumbnail) => {
      const ticket = await createTicket(t(), owner);
      const bytes = content();
      const response = await uploadFile(t(), owner, ticket.id, { content: bytes, filename, contentType: 'application/octet-stream' });
      expect(response.statusCode, response.body).toBe(201);
      const { attachment } = json(response);
      expect(attachment).toEqual({
        id: expect.stringMatching(/^[A-Za-z0-9_-]{20,}$/),
        filename,
        contentType,
        size: bytes.length,
        createdAt: expect.any(String),
        url: `/api/tickets/${ticket.id}/attachments/${attachment.id}`,
        thumbnailUrl: thumbnail ? `/api/tickets/${ticket.id}/attachments/${attachment.id}/thumbnail` : null,
      });

      const [row] = (await attachmentRows(t(), owner.user.id)).filter((r) => r.id === attachment.id);
      expect(row!.object_key).toMatch(new RegExp(`^tickets/${owner.user.id}/\\d{13}-[0-9a-f]{16}\\.${extension}$`));
      expect(await t().app.storage.head(row!.object_key)).toMatchObject({ size: bytes.length });

      const got = json(await t().app.inject({ method: 'GET', url: `/api/tickets/${ticket.id}`, headers: owner.headers })).ticket;
      expect(got.attachments).toEqual([attachment]);
      expect(got.version).toBe(ticket.version + 1);

      const download = await t().app.inject({ method: 'GET', url: attachment.url, headers: owner.headers });
      expect(download.statusCode).toBe(200);
      expect(download.rawPayload.equals(bytes)).toBe(true);
      expect(download.headers['content-type']).toBe(contentType);
    });

    it(`[${storeName}] accepts exactly 5 MB and refuses 5 MB + 1 byte with 413, leaving no object, row or temp file`, async () => {
      const ticket = await createTicket(t(), owner);
      const other = await createOwner(t());
      const otherTicket = await createTicket(t(), other);
      const exact = await uploadFile(t(), other, otherTicket.id, { content: Buffer.alloc(MAX_ATTACHMENT_BYTES, 'a'), filename: 'exact.txt' });
      expect(exact.statusCode, exact.body).toBe(201);
      expect(json(exact).attachment.size).toBe(5 * 1024 * 1024);

      const before = filesOnDisk(t()).length;
      const over = await uploadFile(t(), owner, ticket.id, { content: Buffer.alloc(MAX_ATTACHMENT_BYTES + 1, 'a'), filename: 'over.txt' });
      expect(over.statusCode).toBe(413);
      expect(json(over).error.code).toBe('payload_too_large');
      expect((await attachmentRows(t(), owner.user.id)).filter((r) => r.ticket_id === ticket.id)).toEqual([]);
      expect((await storedKeys(t(), owner.user.id)).filter((key) => key.includes('over'))).toEqual([]);
      expect(filesOnDisk(t())).toHaveLength(before);
      expect(filesOnDisk(t()).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    });

    it(`[${storeName}] refuses SVG, HTML, executables and binary "text" with 415, storing nothing`, async () => {
      const refuser = await createOwner(t());
      const ticket = await createTicket(t(), refuser);
      const refused: [Buffer, string, string][] = [
        [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'logo.svg', 'image/svg+xml'],
        [Buffer.from('<!doctype html><html><script>alert(document.cookie)</script></html>'), 'page.html', 'text/html'],
        [Buffer.from('<!doctype html><html><script>alert(1)</script></html>'), 'innocent.txt', 'text/plain'],
        [sampleExe(), 'invoice.pdf', 'application/pdf'],
        [Buffer.from('hello\0world'), 'notes.txt', 'text/plain'],
        [Buffer.concat([samples.png!, Buffer.from('<html><script>alert(1)</script></html>')]), 'polyglot.png', 'image/png'],
      ];
      for (const [content, filename, contentType] of refused) {
        const response = await uploadFile(t(), refuser, ticket.id, { content, filename, contentType });
        expect(response.statusCode, filename).toBe(415);
        expect(json(response).error.code).toBe('unsupported_file_type');
      }
      expect(await attachmentRows(t(), refuser.user.id)).toEqual([]);
      expect(await storedKeys(t(), refuser.user.id)).toEqual([]);
    });

    it(`[${storeName}] judges disguised files by content: a PNG named .pdf sent as application/pdf is a PNG`, async () => {
      const ticket = await createTicket(t(), owner);
      const response = await uploadFile(t(), owner, ticket.id, { content: samples.png!, filename: 'invoice.pdf', contentType: 'application/pdf' });
      expect(response.statusCode).toBe(201);
      const { attachment } = json(response);
      expect(attachment).toMatchObject({ filename: 'invoice.pdf', contentType: 'image/png', thumbnailUrl: expect.any(String) });
      const row = (await attachmentRows(t(), owner.user.id)).find((r) => r.id === attachment.id)!;
      expect(row.object_key.endsWith('.png')).toBe(true);
    });

    it(`[${storeName}] gives 20 concurrent uploads 20 distinct objects and rows`, async () => {
      const burst = await createOwner(t());
      const ticket = await createTicket(t(), burst);
      const responses = await Promise.all(Array.from({ length: 20 }, (_, i) =>
        uploadFile(t(), burst, ticket.id, { content: Buffer.from(`note ${i}\n`), filename: `note-${i}.txt` })));
      expect(responses.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
      const rows = await attachmentRows(t(), burst.user.id);
      expect(new Set(rows.map((r) => r.object_key)).size).toBe(20);
      expect(await storedKeys(t(), burst.user.id)).toEqual(rows.map((r) => r.object_key).sort());
      const got = json(await t().app.inject({ method: 'GET', url: `/api/tickets/${ticket.id}`, headers: burst.headers })).ticket;
      expect(got.attachments).toHaveLength(20);
      expect(got.version).toBe(ticket.version + 20);
    });

    it(`[${storeName}] answers 404 for another owner's ticket or attachment, exactly like a missing one`, async () => {
      const ticket = await createTicket(t(), owner);
      const attachment = json(await uploadFile(t(), owner, ticket.id, { content: samples.png!, filename: 'mine.png' })).attachment;
      const intruder = await createOwner(t());
      const intruderTicket = await createTicket(t(), intruder);
      const missing = `${attachment.url.replace(attachment.id, 'x'.repeat(22))}`;
      for (const url of [attachment.url, attachment.thumbnailUrl, missing]) {
        const response = await t().app.inject({ method: 'GET', url, headers: intruder.headers });
        expect(response.statusCode).toBe(404);
        expect(json(response).error.code).toBe('not_found');
      }
      // Their own ticket id with my attachment id is not a way in either.
      const crossed = await t().app.inject({ method: 'GET', url: `/api/tickets/${intruderTicket.id}/attachments/${attachment.id}`, headers: intruder.headers });
      expect(crossed.statusCode).toBe(404);
      expect((await t().app.inject({ method: 'DELETE', url: attachment.url, headers: intruder.headers })).statusCode).toBe(404);
      const upload = await uploadFile(t(), intruder, ticket.id, { content: samples.png!, filename: 'x.png' });
      expect(upload.statusCode).toBe(404);
      expect(await storedKeys(t(), intruder.user.id)).toEqual([]);
      expect((await t().app.inject({ method: 'GET', url: attachment.url, headers: owner.headers })).statusCode).toBe(200);
    });

    it(`[${storeName}] serves downloads with safe headers and the original name per RFC 6266/5987`, async () => {
      const ticket = await createTicket(t(), owner);
      const image = json(await uploadFile(t(), owner, ticket.id, { content: samples.jpeg!, filename: 'Überweisung März.jpg' })).attachment;
      const text = json(await uploadFile(t(), owner, ticket.id, { content: Buffer.from('a,b\n'), filename: 'report "final".csv' })).attachment;

      const inline = await t().app.inject({ method: 'GET', url: image.url, headers: owner.headers });
      expect(inline.headers).toMatchObject({
        'content-type': 'image/jpeg',
        'content-length': String(samples.jpeg!.length),
        'content-disposition': `inline; filename="Uberweisung Marz.jpg"; filename*=UTF-8''%C3%9Cberweisung%20M%C3%A4rz.jpg`,
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
        'cross-origin-resource-policy': 'same-origin',
      });
      const download = await t().app.inject({ method: 'GET', url: text.url, headers: owner.headers });
      expect(download.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(download.headers['content-disposition']).toBe(`attachment; filename="report _final_.csv"; filename*=UTF-8''report%20%22final%22.csv`);
      expect(download.headers['x-content-type-options']).toBe('nosniff');
      expect(download.body).toBe('a,b\n');
      expect((await t().app.inject({ method: 'GET', url: image.url })).statusCode).toBe(401);
    });

    it(`[${storeName}] makes WebP thumbnails for JPEG, PNG, WebP and GIF, and none for a PDF`, async () => {
      const ticket = await createTicket(t(), owner);
      for (const format of ['jpeg', 'png', 'webp', 'gif'] as const) {
        const attachment = json(await uploadFile(t(), owner, ticket.id, { content: samples[format]!, filename: `big.${format}` })).attachment;
        const thumbnail = await t().app.inject({ method: 'GET', url: attachment.thumbnailUrl, headers: owner.headers });
        expect(thumbnail.statusCode, format).toBe(200);
        expect(thumbnail.headers['content-type']).toBe('image/webp');
        expect(thumbnail.headers['x-content-type-options']).toBe('nosniff');
        const meta = await sharp(thumbnail.rawPayload).metadata();
        expect([meta.format, meta.width, meta.height]).toEqual(['webp', 320, 240]);
      }
      const pdf = json(await uploadFile(t(), owner, ticket.id, { content: samplePdf(), filename: 'p.pdf' })).attachment;
      expect(pdf.thumbnailUrl).toBeNull();
      const none = await t().app.inject({ method: 'GET', url: `${pdf.url}/thumbnail`, headers: owner.headers });
      expect(none.statusCode).toBe(404);
    });

    it(`[${storeName}] accepts a decompression bomb without a thumbnail, and keeps serving`, async () => {
      const ticket = await createTicket(t(), owner);
      const bomb = sampleBombPng();
      const response = await uploadFile(t(), owner, ticket.id, { content: bomb, filename: 'bomb.png' });
      expect(response.statusCode).toBe(201);
      expect(json(response).attachment).toMatchObject({ contentType: 'image/png', size: bomb.length, thumbnailUrl: null });
      const row = (await attachmentRows(t(), owner.user.id)).find((r) => r.id === json(response).attachment.id)!;
      expect(row.thumbnail_key).toBeNull();
      expect((await t().app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      expect((await t().app.inject({ method: 'GET', url: json(response).attachment.url, headers: owner.headers })).rawPayload.equals(bomb)).toBe(true);
    });

    it(`[${storeName}] deletes an attachment with its object and thumbnail, and drops it from search`, async () => {
      const deleter = await createOwner(t());
      const ticket = await createTicket(t(), deleter);
      const attachment = json(await uploadFile(t(), deleter, ticket.id, { content: samples.png!, filename: 'quarterly-zebra-report.png' })).attachment;
      expect(await storedKeys(t(), deleter.user.id)).toHaveLength(2);
      const found = json(await t().app.inject({ method: 'GET', url: '/api/tickets?q=zebra', headers: deleter.headers }));
      expect(found.items.map((item: { id: string }) => item.id)).toEqual([ticket.id]);

      const response = await t().app.inject({ method: 'DELETE', url: attachment.url, headers: deleter.headers });
      expect(response.statusCode).toBe(204);
      expect(await storedKeys(t(), deleter.user.id)).toEqual([]);
      expect(await attachmentRows(t(), deleter.user.id)).toEqual([]);
      expect((await t().app.inject({ method: 'GET', url: attachment.url, headers: deleter.headers })).statusCode).toBe(404);
      expect((await t().app.inject({ method: 'DELETE', url: attachment.url, headers: deleter.headers })).statusCode).toBe(404);
      expect(json(await t().app.inject({ method: 'GET', url: '/api/tickets?q=zebra', headers: deleter.headers })).items).toEqual([]);
    });

    it(`[${storeName}] deletes every attachment file when the ticket is deleted`, async () => {
      const deleter = await createOwner(t());
      const ticket = await createTicket(t(), deleter);
      await uploadFile(t(), deleter, ticket.id, { content: samples.gif!, filename: 'a.gif' });
      await uploadFile(t(), deleter, ticket.id, { content: samplePdf(), filename: 'b.pdf' });
      expect(await storedKeys(t(), deleter.user.id)).toHaveLength(3); // gif + its thumbnail + pdf
      const response = await t().app.inject({ method: 'DELETE', url: `/api/tickets/${ticket.id}`, headers: deleter.headers });
      expect(response.statusCode).toBe(204);
      expect(await storedKeys(t(), deleter.user.id)).toEqual([]);
      expect(await attachmentRows(t(), deleter.user.id)).toEqual([]);
    });

    it(`[${storeName}] answers malformed uploads with 4xx, never 500`, async () => {
      const ticket = await createTicket(t(), owner);
      const allKeysBefore = await storedKeys(t(), owner.user.id);
      const url = `/api/tickets/${ticket.id}/attachments`;
      const asJson = await t().app.inject({ method: 'POST', url, headers: owner.headers, payload: { file: 'x' } });
      expect(asJson.statusCode).toBe(415);
      const wrongField = multipartBody([{ content: Buffer.from('hi'), filename: 'a.txt', field: 'upload' }]);
      const wrong = await t().app.inject({ method: 'POST', url, headers: { ...owner.headers, 'content-type': wrongField.contentType }, payload: wrongField.payload });
      expect(wrong.statusCode).toBe(422);
      const noFile = multipartBody([]);
      expect((await t().app.inject({ method: 'POST', url, headers: { ...owner.headers, 'content-type': noFile.contentType }, payload: noFile.payload })).statusCode).toBe(422);
      const cut = multipartBody([{ content: Buffer.from('hello there'), filename: 'a.txt' }]);
      const truncated = await t().app.inject({ method: 'POST', url, headers: { ...owner.headers, 'content-type': cut.contentType }, payload: cut.payload.subarray(0, cut.payload.length - 30) });
      expect(truncated.statusCode).toBe(400);
      const empty = await uploadFile(t(), owner, ticket.id, { content: Buffer.alloc(0), filename: 'empty.txt' });
      expect(empty.statusCode).toBe(422);
      const foreign = await t().app.inject({ method: 'POST', url, headers: { cookie: owner.cookie, origin: 'https://evil.example', 'content-type': cut.contentType }, payload: cut.payload });
      expect(foreign.statusCode).toBe(403);
      const missingTicket = await uploadFile(t(), owner, 'no-such-ticket', { content: Buffer.from('x'), filename: 'a.txt' });
      expect(missingTicket.statusCode).toBe(404);
      const twoFiles = multipartBody([{ content: Buffer.from('one'), filename: 'one.txt' }, { content: Buffer.from('two'), filename: 'two.txt' }]);
      const two = await t().app.inject({ method: 'POST', url, headers: { ...owner.headers, 'content-type': twoFiles.contentType }, payload: twoFiles.payload });
      expect(two.statusCode).toBe(422);
      expect(json(two).error.message).toMatch(/one file/);
      const rows = (await attachmentRows(t(), owner.user.id)).filter((r) => r.ticket_id === ticket.id);
      expect(rows).toEqual([]);
      expect((await storedKeys(t(), owner.user.id)).filter((key) => !allKeysBefore.includes(key))).toEqual([]);

      // Other form fields next to the file are ignored.
      const withField = multipartBody([{ content: Buffer.from('a note'), field: 'comment', contentType: 'text/plain' }, { content: Buffer.from('fine'), filename: 'fine.txt' }]);
      const accepted = await t().app.inject({ method: 'POST', url, headers: { ...owner.headers, 'content-type': withField.contentType }, payload: withField.payload });
      expect(accepted.statusCode).toBe(201);
    });

    it(`[${storeName}] keeps the uploaded name for display only, cleaned`, async () => {
      const ticket = await createTicket(t(), owner);
      const response = await uploadFile(t(), owner, ticket.id, { content: Buffer.from('x'), filename: 'C:\\Users\\ada\\in\u202Evoice\u0007.txt' });
      expect(json(response).attachment.filename).toBe('invoice.txt');
      const unnamed = await uploadFile(t(), owner, ticket.id, { content: samplePdf() });
      expect(json(unnamed).attachment.filename).toBe('attachment.pdf');
    });

    it(`[${storeName}] documents the attachment routes in OpenAPI`, async () => {
      const doc = json(await t().app.inject({ method: 'GET', url: '/api/openapi.json' }));
      const upload = doc.paths['/api/tickets/{id}/attachments'].post;
      expect(upload.requestBody.content['multipart/form-data'].schema.properties.file).toEqual({ type: 'string', format: 'binary' });
      expect(Object.keys(upload.responses)).toEqual(expect.arrayContaining(['201', '413', '415', '503']));
      expect(doc.paths['/api/tickets/{id}/attachments/{attachmentId}'].get.responses['200'].content['*/*'].schema.format).toBe('binary');
      expect(doc.paths['/api/tickets/{id}/attachments/{attachmentId}'].delete.responses).toHaveProperty('204');
      expect(doc.paths['/api/tickets/{id}/attachments/{attachmentId}/thumbnail'].get.responses).toHaveProperty('404');
    });

    it(`[${storeName}] publishes ticket.updated with the new attachment list`, async () => {
      const ticket = await createTicket(t(), owner);
      const events: { type: string; data: any }[] = [];
      const stop = t().app.events.onOwner(owner.user.id, (event) => events.push(event));
      try {
        const attachment = json(await uploadFile(t(), owner, ticket.id, { content: Buffer.from('x'), filename: 'e.txt' })).attachment;
        expect(events).toEqual([{ type: 'ticket.updated', data: { ticket: expect.objectContaining({ id: ticket.id, attachments: [attachment] }) } }]);
      } finally {
        stop();
      }
    });
  };
}

describeEachEngine('attachments (disk store)', attachmentSuite('disk'));
describeEachEngine('attachments (S3 store)', attachmentSuite('s3'), s3.env(`attachments-${randomBytes(4).toString('hex')}`));
