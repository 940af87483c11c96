import type { TestApp } from './app.js';
import { json } from './app.js';
import { sessionCookieFrom, uniqueEmail, type TestOwner } from './factories.js';

/** The owner creates an invite through the API; returns its id and the secret token. */
export async function createInvite(t: TestApp, owner: TestOwner, email?: string): Promise<{ id: string; token: string; url: string }> {
  const response = await t.app.inject({ method: 'POST', url: '/api/team/invites', headers: owner.headers, payload: email ? { email } : {} });
  if (response.statusCode !== 201) throw new Error(`invite failed: ${response.statusCode} ${response.body}`);
  const answer = json(response);
  return { id: answer.invite.id, token: answer.token, url: answer.url };
}

/** Someone new signs up through an invite link and is signed in, working in the inviting workspace. */
export async function signUpWithInvite(t: TestApp, token: string, overrides: { email?: string; name?: string } = {}): Promise<TestOwner> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/auth/signup',
    payload: { email: overrides.email ?? uniqueEmail('mate'), password: 'teammate password', name: overrides.name ?? 'Teammate', inviteToken: token },
  });
  if (response.statusCode !== 201) throw new Error(`invite signup failed: ${response.statusCode} ${response.body}`);
  const cookie = sessionCookieFrom(response.headers['set-cookie']);
  const headers = { cookie, origin: t.origin };
  const me = json(await t.app.inject({ method: 'GET', url: '/api/me', headers }));
  return { user: json(response).user, siteKey: me.site.key, cookie, headers };
}

/** Invites a new teammate into `owner`'s workspace and signs them up through the link. */
export async function addTeammate(t: TestApp, owner: TestOwner, name = 'Teammate'): Promise<TestOwner> {
  const invite = await createInvite(t, owner);
  return signUpWithInvite(t, invite.token, { name });
}

/** An API token made by this person in their current workspace. */
export async function createToken(t: TestApp, person: TestOwner): Promise<string> {
  const response = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: person.headers, payload: { name: 'test' } });
  if (response.statusCode !== 201) throw new Error(`token failed: ${response.statusCode} ${response.body}`);
  return json(response).token;
}
