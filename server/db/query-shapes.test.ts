import { expect, it } from 'vitest';
import { describeEachEngine } from '../test/app.js';
import { createOwner } from '../test/factories.js';
import { runShape } from './query-shapes.js';

describeEachEngine('runShape (queries compiled once per shape)', (t) => {
  const namesByEmail = (shape: string, values: { email: string } | { email: string; name: string }) =>
    runShape(t().app.db, shape, values, (v) => {
      let query = t().app.db.selectFrom('users').select(['email', 'name']).where('email', '=', v.email);
      if ('name' in v) query = query.where('name', '=', v.name);
      return query;
    });

  it('binds each call\'s own values into the SQL built for the first call of the shape', async () => {
    const ada = await createOwner(t(), { name: 'Ada' });
    const bob = await createOwner(t(), { name: 'Bob' });
    expect(await namesByEmail('users:email', { email: ada.user.email })).toEqual([{ email: ada.user.email, name: 'Ada' }]);
    // Same shape, other values: the cached SQL runs with Bob's email, not Ada's.
    expect(await namesByEmail('users:email', { email: bob.user.email })).toEqual([{ email: bob.user.email, name: 'Bob' }]);
    // Another shape adds a filter; values that match nothing find nothing (no placeholder leaks into a match).
    expect(await namesByEmail('users:email+name', { email: bob.user.email, name: 'Bob' })).toEqual([{ email: bob.user.email, name: 'Bob' }]);
    expect(await namesByEmail('users:email+name', { email: bob.user.email, name: 'Ada' })).toEqual([]);
    expect(await namesByEmail('users:email', { email: 'nobody@example.com' })).toEqual([]);
  });

  it('refuses a value the query does not bind (it would otherwise run with a placeholder)', async () => {
    await expect(runShape(t().app.db, 'users:unbound', { email: 'a@example.com', unused: 1 }, (v) =>
      t().app.db.selectFrom('users').select('id').where('email', '=', v.email))).rejects.toThrow(/"unused" is not a parameter/);
  });
});
