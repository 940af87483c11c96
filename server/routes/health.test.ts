import { expect, it } from 'vitest';
import { describeEachEngine, json } from '../test/app.js';

describeEachEngine('operations', (t) => {
  it('reports health with the database engine', async () => {
    const response = await t().app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual({ status: 'ok', database: t().engine });
  });

  it('answers unknown routes with 404 in the error shape, and a request id header', async () => {
    const response = await t().app.inject({ method: 'GET', url: '/api/nope' });
    expect(response.statusCode).toBe(404);
    expect(json(response)).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    expect(response.headers['x-request-id']).toEqual(expect.any(String));
  });

  it('publishes an OpenAPI document generated from the route schemas', async () => {
    const doc = json(await t().app.inject({ method: 'GET', url: '/api/openapi.json' }));
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/auth/signup', '/api/auth/login', '/api/auth/logout', '/api/me', '/api/tokens']));
    expect(doc.paths['/api/auth/signup'].post.requestBody.content['application/json'].schema.required).toEqual(['email', 'password']);
  });

  it('reports readiness of the database and the object store', async () => {
    const response = await t().app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual({ status: 'ready', database: 'ok', storage: 'ok' });
  });

  it('once the database is gone: /readyz and queries answer 503 with Retry-After, without internals; /healthz stays up', async () => {
    await t().app.database.close();
    const ready = await t().app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.headers['retry-after']).toBe('5');
    expect(json(ready)).toEqual({ error: { code: 'not_ready', message: expect.any(String), database: 'unavailable', storage: 'ok' } });
    const query = await t().app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'a@example.com', password: 'whatever it is' } });
    expect(query.statusCode).toBe(503);
    expect(query.headers['retry-after']).toBe('5');
    expect(json(query).error.code).toBe('database_unavailable');
    expect((await t().app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});
