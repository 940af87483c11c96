import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { LightMyRequestResponse } from 'fastify';
import { json, type TestApp } from './app.js';
import { insertConversation, type TestOwner } from './factories.js';

export interface FilePart {
  content: Buffer;
  filename?: string;
  /** What the "browser" claims; the server ignores it. */
  contentType?: string;
  field?: string;
}

/** A multipart/form-data body as browsers send it. */
export function multipartBody(parts: FilePart[]): { payload: Buffer; contentType: string } {
  const boundary = `----fmtest${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const filename = part.filename === undefined ? '' : `; filename="${part.filename.replace(/"/g, '%22')}"`;
    chunks.push(Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${part.field ?? 'file'}"${filename}\r\n` +
      `Content-Type: ${part.contentType ?? 'application/octet-stream'}\r\n\r\n`,
    ));
    chunks.push(part.content, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

export async function uploadFile(t: TestApp, owner: TestOwner, ticketId: string, part: FilePart): Promise<LightMyRequestResponse> {
  const { payload, contentType } = multipartBody([part]);
  return t.app.inject({
    method: 'POST',
    url: `/api/tickets/${ticketId}/attachments`,
    headers: { ...owner.headers, 'content-type': contentType },
    payload,
  });
}

/** A ticket made from a fresh conversation, through the API. */
export async function createTicket(t: TestApp, owner: TestOwner, title = 'Checkout bug'): Promise<{ id: string; version: number }> {
  const conversationId = await insertConversation(t, owner, { visitorName: 'Jane' });
  const response = await t.app.inject({ method: 'POST', url: '/api/tickets', headers: owner.headers, payload: { conversationId, title } });
  if (response.statusCode !== 201) throw new Error(`ticket creation failed: ${response.statusCode} ${response.body}`);
  return json(response).ticket;
}

/** Every object the app's store holds for an owner. */
export async function storedKeys(t: TestApp, ownerId: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const info of t.app.storage.list(`tickets/${ownerId}/`)) keys.push(info.key);
  return keys.sort();
}

/** Every file under a disk store's root, temp files included (empty for S3 stores). */
export function filesOnDisk(t: TestApp): string[] {
  if (t.config.storage.driver !== 'disk' || !fs.existsSync(t.config.storage.root)) return [];
  return fs.readdirSync(t.config.storage.root, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name);
}

export async function attachmentRows(t: TestApp, ownerId: string) {
  return t.app.db.selectFrom('ticket_attachments').selectAll().where('owner_id', '=', ownerId).execute();
}
