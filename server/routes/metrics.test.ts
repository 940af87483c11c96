import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { totalQueries } from '../db/query-counter.js';
import { describeEachEngine, json } from '../test/app.js';

interface Metrics {
  cpu: { user: number; system: number };
  queries: number;
  eventLoopDelay: { p50: number; p99: number; max: number; sinceMs: number };
  gc: { count: number; totalMs: number; maxMs: number; major: number };
  rss: number;
}

describeEachEngine('internal metrics, BENCH_METRICS=true', (t) => {
  // The webhook sender polls the database in the background; stopped, only these tests run statements.
  beforeAll(async () => t().app.webhooks.stop());

  it('reports CPU, statements, event-loop delay and RSS; statement totals grow by what requests ran', async () => {
    const read = async () => {
      const response = await t().app.inject({ method: 'GET', url: '/internal/metrics' });
      expect(response.statusCode).toBe(200);
      return json<Metrics>(response);
    };
    const first = await read();
    expect(first.rss).toBeGreaterThan(0);
    expect(first.cpu.user).toBeGreaterThan(0);
    for (const value of Object.values(first.eventLoopDelay)) expect(value).toBeGreaterThanOrEqual(0);

    // /readyz runs exactly one statement (its database check); reading the metrics runs none.
    for (let i = 0; i < 3; i++) expect((await t().app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    const second = await read();
    expect(second.queries - first.queries).toBe(3);
    expect(second.cpu.user + second.cpu.system).toBeGreaterThanOrEqual(first.cpu.user + first.cpu.system);
  });

  it('reports the garbage-collection pauses since the previous read', async () => {
    const read = async () => json<Metrics>(await t().app.inject({ method: 'GET', url: '/internal/metrics' }));
    await read();
    // A full collection, forced through V8's flag (the test process has no --expose-gc): one major pause at least.
    const v8 = await import('node:v8');
    const vm = await import('node:vm');
    v8.setFlagsFromString('--expose-gc');
    (vm.runInNewContext('gc') as () => void)();
    await new Promise((resolve) => setTimeout(resolve, 50)); // the observer reports asynchronously
    const after = await read();
    expect(after.gc.major).toBeGreaterThanOrEqual(1);
    expect(after.gc.count).toBeGreaterThanOrEqual(after.gc.major);
    expect(after.gc.maxMs).toBeGreaterThan(0);
    expect(after.gc.totalMs).toBeGreaterThanOrEqual(after.gc.maxMs);
  });

  it('counts every statement, BEGIN and COMMIT included', async () => {
    const { db } = t().app;
    const before = totalQueries();
    await db.transaction().execute(async (trx) => {
      await sql`select 1`.execute(trx);
      await sql`select 2`.execute(trx);
    });
    expect(totalQueries() - before).toBe(4); // begin, select, select, commit
    await expect(db.transaction().execute(async (trx) => {
      await sql`select 1`.execute(trx);
      throw new Error('roll back');
    })).rejects.toThrow('roll back');
    expect(totalQueries() - before).toBe(7); // begin, select, rollback
  });

  it('stays out of the OpenAPI document', async () => {
    const doc = json(await t().app.inject({ method: 'GET', url: '/api/openapi.json' }));
    expect(Object.keys(doc.paths)).not.toContain('/internal/metrics');
  });
}, { BENCH_METRICS: 'true' });

describeEachEngine('internal metrics, flag unset', (t) => {
  it('answers 404 like an unknown route, not the dashboard page', async () => {
    const response = await t().app.inject({ method: 'GET', url: '/internal/metrics' });
    expect(response.statusCode).toBe(404);
    expect(json(response)).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });
});
