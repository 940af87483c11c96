import { randomBytes } from 'node:crypto';
import { hashSecret, newId } from '../lib/ids.js';
import type { TestApp } from './app.js';
import { json } from './app.js';

export interface TestOwner {
  user: { id: string; email: string; name: string };
  siteKey: string;
  cookie: string;
  /** Headers for a cookie-authenticated request that passes the CSRF check. */
  headers: Record<string, string>;
}

export const uniqueEmail = (prefix = 'owner') => `${prefix}-${randomBytes(5).toString('hex')}@example.com`;

/** Signs up a new owner through the API and returns a ready-to-use session. */
export async function createOwner(t: TestApp, overrides: { email?: string; password?: string; name?: string } = {}): Promise<TestOwner> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/auth/signup',
    payload: { email: overrides.email ?? uniqueEmail(), password: overrides.password ?? 'correct horse battery', name: overrides.name },
  });
  if (response.statusCode !== 201) throw new Error(`signup failed: ${response.statusCode} ${response.body}`);
  const cookie = sessionCookieFrom(response.headers['set-cookie']);
  const headers = { cookie, origin: t.origin };
  const me = json(await t.app.inject({ method: 'GET', url: '/api/me', headers }));
  return { user: json(response).user, siteKey: me.site.key, cookie, headers };
}

export function sessionCookieFrom(setCookie: string | string[] | undefined): string {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const session = all.find((c) => c.startsWith('fm_session='));
  if (!session) throw new Error('no session cookie was set');
  return session.split(';')[0]!;
}

/**
 * Inserts a conversation with messages straight into the database (the visitor API has its own tests).
 * Returns the conversation id.
 */
export async function insertConversation(
  t: TestApp,
  owner: TestOwner,
  options: { visitorName?: string | null; visitorEmail?: string | null; messages?: string[]; pageUrl?: string } = {},
): Promise<string> {
  const id = newId();
  const now = Date.now();
  const messages = options.messages ?? ['Hello, I need help'];
  await t.app.db.transaction().execute(async (trx) => {
    await trx.insertInto('conversations').values({
      id,
      owner_id: owner.user.id,
      visitor_token_hash: hashSecret(newId()),
      visitor_name: options.visitorName ?? null,
      visitor_email: options.visitorEmail ?? null,
      page_url: options.pageUrl ?? 'https://shop.example/pricing',
      country: 'GB',
      last_message_body: messages.at(-1) ?? null,
      last_message_author: messages.length ? 'visitor' : null,
      visitor_message_count: messages.length,
      created_at: now,
      updated_at: now,
    }).execute();
    for (const [i, body] of messages.entries()) {
      await trx.insertInto('messages').values({
        id: newId(), owner_id: owner.user.id, conversation_id: id, author: 'visitor', author_user_id: null, body, created_at: now + i,
      }).execute();
    }
  });
  return id;
}

/** Inserts a form submission straight into the database. Returns its id. */
export async function insertSubmission(
  t: TestApp,
  owner: TestOwner,
  options: { visitorName?: string | null; visitorEmail?: string | null; formName?: string } = {},
): Promise<string> {
  const id = newId();
  const fields = [
    { name: 'name', label: 'Your name', type: 'text', value: options.visitorName ?? '' },
    { name: 'email', label: 'Email', type: 'email', value: options.visitorEmail ?? '' },
  ];
  await t.app.db.insertInto('form_submissions').values({
    id,
    owner_id: owner.user.id,
    form_id: newId(),
    form_name: options.formName ?? 'Contact',
    fields: JSON.stringify(fields),
    visitor_name: options.visitorName ?? null,
    visitor_email: options.visitorEmail ?? null,
    page_url: 'https://shop.example/contact',
    country: 'DE',
    created_at: Date.now(),
  }).execute();
  return id;
}
