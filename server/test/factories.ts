import { randomBytes } from 'node:crypto';
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
