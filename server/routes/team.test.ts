import { expect, it } from 'vitest';
import { describeEachEngine, json } from '../test/app.js';
import { createOwner, sessionCookieFrom, uniqueEmail } from '../test/factories.js';
import { addTeammate, createInvite, createToken, signUpWithInvite } from '../test/team.js';

describeEachEngine('team: invites and membership', (t) => {
  const get = (url: string, headers: Record<string, string>) => t().app.inject({ method: 'GET', url, headers });

  it('invites by a single-use link: public preview, signup through it lands in the workspace, /api/me lists both workspaces', async () => {
    const owner = await createOwner(t(), { name: 'Olga' });
    const invite = await createInvite(t(), owner);
    expect(invite.token).toMatch(/^inv_/);
    expect(invite.url).toBe(`${new URL(t().origin).origin}/invite/${invite.token}`);

    const preview = await t().app.inject({ method: 'GET', url: `/api/invites/${invite.token}` });
    expect(preview.statusCode).toBe(200);
    expect(json(preview)).toEqual({ workspace: { name: 'Olga' }, email: null, expiresAt: expect.any(String) });
    const days = (Date.parse(json(preview).expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);

    const mate = await signUpWithInvite(t(), invite.token, { name: 'Mateo' });
    const me = json(await get('/api/me', mate.headers));
    expect(me.site.key).toBe(owner.siteKey);
    expect(me.workspace).toEqual({ id: owner.user.id, name: 'Olga', role: 'member' });
    expect(me.workspaces).toEqual([
      { id: mate.user.id, name: 'Mateo', role: 'owner' },
      { id: owner.user.id, name: 'Olga', role: 'member' },
    ]);

    const team = json(await get('/api/team', owner.headers));
    expect(team.members).toEqual([
      { id: owner.user.id, name: 'Olga', email: owner.user.email, role: 'owner', joinedAt: expect.any(String) },
      { id: mate.user.id, name: 'Mateo', email: mate.user.email, role: 'member', joinedAt: expect.any(String) },
    ]);
    expect(team.invites).toEqual([]);
    // Used: gone from the preview, and a second signup through it is refused with nothing written.
    expect((await t().app.inject({ method: 'GET', url: `/api/invites/${invite.token}` })).statusCode).toBe(404);
    const email = uniqueEmail('late');
    const again = await t().app.inject({ method: 'POST', url: '/api/auth/signup', payload: { email, password: 'long enough pw', inviteToken: invite.token } });
    expect(again.statusCode).toBe(404);
    const login = await t().app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: 'long enough pw' } });
    expect(login.statusCode).toBe(401);
  });

  it('lets an existing user accept while signed in; the session switches, a later login opens the last workspace', async () => {
    const owner = await createOwner(t());
    const other = await createOwner(t(), { password: 'other password 1' });
    const invite = await createInvite(t(), owner);
    const accepted = await t().app.inject({ method: 'POST', url: `/api/invites/${invite.token}/accept`, headers: other.headers });
    expect(accepted.statusCode).toBe(200);
    expect(json(accepted)).toMatchObject({ site: { key: owner.siteKey }, workspace: { id: owner.user.id, role: 'member' } });
    expect(json(await get('/api/me', other.headers)).site.key).toBe(owner.siteKey);

    const login = await t().app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: other.user.email, password: 'other password 1' } });
    const cookie = sessionCookieFrom(login.headers['set-cookie']);
    expect(json(await get('/api/me', { cookie })).workspace.id).toBe(owner.user.id);

    // Switching back to their own workspace, and refusing one they do not belong to.
    const headers = { cookie, origin: t().origin };
    const own = await t().app.inject({ method: 'POST', url: '/api/me/workspace', headers, payload: { ownerId: other.user.id } });
    expect(own.statusCode).toBe(200);
    expect(json(own)).toMatchObject({ site: { key: other.siteKey }, workspace: { id: other.user.id, role: 'owner' } });
    const stranger = await createOwner(t());
    const foreign = await t().app.inject({ method: 'POST', url: '/api/me/workspace', headers, payload: { ownerId: stranger.user.id } });
    expect(foreign.statusCode).toBe(404);
    expect(json(await get('/api/me', headers)).workspace.id).toBe(other.user.id);
    // An API token stays where it was made.
    const token = await createToken(t(), other);
    const viaToken = await t().app.inject({ method: 'POST', url: '/api/me/workspace', headers: { authorization: `Bearer ${token}` }, payload: { ownerId: owner.user.id } });
    expect(viaToken.statusCode).toBe(403);
  });

  it('refuses expired, used, revoked and unknown invites (404), and an invite made out to another email (403)', async () => {
    const owner = await createOwner(t());
    const expired = await createInvite(t(), owner);
    await t().app.db.updateTable('team_invites').set({ expires_at: Date.now() - 1 }).where('id', '=', expired.id).execute();
    expect((await t().app.inject({ method: 'GET', url: `/api/invites/${expired.token}` })).statusCode).toBe(404);
    const late = await t().app.inject({ method: 'POST', url: '/api/auth/signup', payload: { email: uniqueEmail(), password: 'long enough pw', inviteToken: expired.token } });
    expect(late.statusCode).toBe(404);
    expect(json(late).error.code).toBe('not_found');

    const someone = await createOwner(t());
    expect((await t().app.inject({ method: 'POST', url: `/api/invites/${expired.token}/accept`, headers: someone.headers })).statusCode).toBe(404);
    expect((await t().app.inject({ method: 'POST', url: '/api/invites/inv_nope/accept', headers: someone.headers })).statusCode).toBe(404);

    const used = await createInvite(t(), owner);
    await signUpWithInvite(t(), used.token);
    expect((await t().app.inject({ method: 'POST', url: `/api/invites/${used.token}/accept`, headers: someone.headers })).statusCode).toBe(404);

    const revoked = await createInvite(t(), owner);
    expect(json(await get('/api/team', owner.headers)).invites.map((i: any) => i.id)).toEqual([revoked.id]);
    expect((await t().app.inject({ method: 'DELETE', url: `/api/team/invites/${revoked.id}`, headers: owner.headers })).statusCode).toBe(204);
    expect((await t().app.inject({ method: 'POST', url: `/api/invites/${revoked.token}/accept`, headers: someone.headers })).statusCode).toBe(404);
    expect((await t().app.inject({ method: 'DELETE', url: `/api/team/invites/${used.id}`, headers: owner.headers })).statusCode).toBe(404);

    const forSam = await createInvite(t(), owner, 'Sam@Example.com');
    expect(json(await t().app.inject({ method: 'GET', url: `/api/invites/${forSam.token}` })).email).toBe('sam@example.com');
    const wrong = await t().app.inject({ method: 'POST', url: `/api/invites/${forSam.token}/accept`, headers: someone.headers });
    expect(wrong.statusCode).toBe(403);
    expect(json(wrong).error.code).toBe('invite_email_mismatch');
    const sam = await signUpWithInvite(t(), forSam.token, { email: 'SAM@example.com' });
    expect(json(await get('/api/me', sam.headers)).workspace.id).toBe(owner.user.id);
  });

  it('keeps team management to the owner: a member gets 403 forbidden, the owner cannot remove themself', async () => {
    const owner = await createOwner(t());
    const mate = await addTeammate(t(), owner);
    const invite = await createInvite(t(), owner);
    expect(json(await get('/api/team', mate.headers)).members).toHaveLength(2);
    for (const request of [
      { method: 'POST' as const, url: '/api/team/invites', payload: {} },
      { method: 'DELETE' as const, url: `/api/team/invites/${invite.id}` },
      { method: 'DELETE' as const, url: `/api/team/members/${owner.user.id}` },
      { method: 'DELETE' as const, url: `/api/team/members/${mate.user.id}` },
    ]) {
      const response = await t().app.inject({ ...request, headers: mate.headers });
      expect(response.statusCode, request.url).toBe(403);
      expect(json(response).error.code).toBe('forbidden');
    }
    const self = await t().app.inject({ method: 'DELETE', url: `/api/team/members/${owner.user.id}`, headers: owner.headers });
    expect(self.statusCode).toBe(422);
    // CSRF applies as everywhere: a foreign origin cannot invite.
    const csrf = await t().app.inject({ method: 'POST', url: '/api/team/invites', headers: { cookie: owner.cookie, origin: 'https://evil.example' }, payload: {} });
    expect(csrf.statusCode).toBe(403);
    expect(json(csrf).error.code).toBe('csrf_failed');
  });

  it('answers another workspace’s invites and members like missing ones (404)', async () => {
    const a = await createOwner(t());
    const b = await createOwner(t());
    const bMate = await addTeammate(t(), b);
    const bInvite = await createInvite(t(), b);
    expect((await t().app.inject({ method: 'DELETE', url: `/api/team/invites/${bInvite.id}`, headers: a.headers })).statusCode).toBe(404);
    expect((await t().app.inject({ method: 'DELETE', url: `/api/team/members/${bMate.user.id}`, headers: a.headers })).statusCode).toBe(404);
    expect((await t().app.inject({ method: 'DELETE', url: '/api/team/members/nobody', headers: a.headers })).statusCode).toBe(404);
    expect(json(await get('/api/team', a.headers)).members.map((m: any) => m.id)).toEqual([a.user.id]);
    expect(json(await get('/api/team', b.headers)).invites.map((i: any) => i.id)).toEqual([bInvite.id]);
  });

  it('lists tokens per person: the owner sees and revokes the workspace’s, a member only their own', async () => {
    const owner = await createOwner(t());
    const mate = await addTeammate(t(), owner);
    await createToken(t(), owner);
    await createToken(t(), mate);
    const ownerList = json(await get('/api/tokens', owner.headers)).items;
    const mateList = json(await get('/api/tokens', mate.headers)).items;
    expect(ownerList).toHaveLength(2);
    expect(mateList).toHaveLength(1);
    const ownersToken = ownerList.find((token: any) => token.id !== mateList[0].id);
    expect((await t().app.inject({ method: 'DELETE', url: `/api/tokens/${ownersToken.id}`, headers: mate.headers })).statusCode).toBe(404);
    expect((await t().app.inject({ method: 'DELETE', url: `/api/tokens/${mateList[0].id}`, headers: owner.headers })).statusCode).toBe(204);
  });
});
