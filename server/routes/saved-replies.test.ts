import { expect, it } from 'vitest';
import { describeEachEngine, json } from '../test/app.js';
import { createOwner, type TestOwner } from '../test/factories.js';
import { addTeammate } from '../test/team.js';

describeEachEngine('saved replies', (t) => {
  const create = (who: TestOwner, payload: object) => t().app.inject({ method: 'POST', url: '/api/saved-replies', headers: who.headers, payload });
  const list = async (who: TestOwner) => json(await t().app.inject({ method: 'GET', url: '/api/saved-replies', headers: who.headers })).items;

  it('creates, lists by shortcut, edits and deletes, shared by the workspace', async () => {
    const owner = await createOwner(t());
    const mate = await addTeammate(t(), owner);
    const created = await create(owner, { shortcut: 'Thanks', title: 'Thank you', body: 'Thanks {{visitor.name}}, glad to help!' });
    expect(created.statusCode).toBe(201);
    const thanks = json(created).savedReply;
    expect(thanks).toEqual({ id: expect.any(String), shortcut: 'thanks', title: 'Thank you', body: 'Thanks {{visitor.name}}, glad to help!', createdAt: expect.any(String), updatedAt: expect.any(String) });
    expect((await create(mate, { shortcut: 'refund-policy_2', title: 'Refunds', body: 'We refund within 30 days.' })).statusCode).toBe(201);
    expect((await list(owner)).map((r: { shortcut: string }) => r.shortcut)).toEqual(['refund-policy_2', 'thanks']);
    expect(await list(mate)).toEqual(await list(owner));

    const edited = await t().app.inject({ method: 'PATCH', url: `/api/saved-replies/${thanks.id}`, headers: mate.headers, payload: { title: 'Thanks!', shortcut: 'ty' } });
    expect(edited.statusCode).toBe(200);
    expect(json(edited).savedReply).toMatchObject({ id: thanks.id, shortcut: 'ty', title: 'Thanks!', body: thanks.body });
    expect((await t().app.inject({ method: 'DELETE', url: `/api/saved-replies/${thanks.id}`, headers: owner.headers })).statusCode).toBe(204);
    expect((await list(owner)).map((r: { shortcut: string }) => r.shortcut)).toEqual(['refund-policy_2']);
    expect((await t().app.inject({ method: 'DELETE', url: `/api/saved-replies/${thanks.id}`, headers: owner.headers })).statusCode).toBe(404);
  });

  it('answers a taken shortcut (any case) with 409 and invalid input with 422, writing nothing', async () => {
    const owner = await createOwner(t());
    const other = await createOwner(t());
    expect((await create(owner, { shortcut: 'hello', title: 'Hi', body: 'Hello!' })).statusCode).toBe(201);
    const taken = await create(owner, { shortcut: 'HELLO', title: 'Hi again', body: 'Hello again!' });
    expect(taken.statusCode).toBe(409);
    expect(json(taken).error.code).toBe('saved_reply_exists');
    // Another workspace may use the same shortcut.
    expect((await create(other, { shortcut: 'hello', title: 'Hi', body: 'Hello!' })).statusCode).toBe(201);
    const bye = json(await create(owner, { shortcut: 'bye', title: 'Bye', body: 'Bye!' })).savedReply;
    expect((await t().app.inject({ method: 'PATCH', url: `/api/saved-replies/${bye.id}`, headers: owner.headers, payload: { shortcut: 'Hello' } })).statusCode).toBe(409);

    for (const payload of [
      { shortcut: '', title: 'x', body: 'y' },
      { shortcut: 'has space', title: 'x', body: 'y' },
      { shortcut: 'a'.repeat(33), title: 'x', body: 'y' },
      { shortcut: 'ok', title: '', body: 'y' },
      { shortcut: 'ok', title: '   ', body: 'y' },
      { shortcut: 'ok', title: 'x'.repeat(101), body: 'y' },
      { shortcut: 'ok', title: 'x', body: '' },
      { shortcut: 'ok', title: 'x', body: '  \n ' },
      { shortcut: 'ok', title: 'x', body: 'y'.repeat(5001) },
      { shortcut: 'ok', title: 'x', body: 'nul \u0000' },
      { shortcut: 'ok', title: 'x' },
    ]) {
      expect((await create(owner, payload)).statusCode, JSON.stringify(payload)).toBe(422);
    }
    expect((await list(owner)).map((r: { shortcut: string }) => r.shortcut)).toEqual(['bye', 'hello']);
  });

  it("answers another workspace's saved reply like a missing one (404)", async () => {
    const owner = await createOwner(t());
    const stranger = await createOwner(t());
    const mine = json(await create(owner, { shortcut: 'mine', title: 'Mine', body: 'Mine!' })).savedReply;
    expect((await t().app.inject({ method: 'PATCH', url: `/api/saved-replies/${mine.id}`, headers: stranger.headers, payload: { title: 'Stolen' } })).statusCode).toBe(404);
    expect((await t().app.inject({ method: 'DELETE', url: `/api/saved-replies/${mine.id}`, headers: stranger.headers })).statusCode).toBe(404);
    expect((await t().app.inject({ method: 'PATCH', url: '/api/saved-replies/missing', headers: owner.headers, payload: { title: 'x' } })).statusCode).toBe(404);
    expect(await list(stranger)).toEqual([]);
    expect((await list(owner))[0]).toMatchObject({ title: 'Mine' });
    expect((await t().app.inject({ method: 'GET', url: '/api/saved-replies' })).statusCode).toBe(401);
  });
});
