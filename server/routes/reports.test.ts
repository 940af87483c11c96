import { expect, it } from 'vitest';
import { describeEachEngine, json } from '../test/app.js';
import { createOwner, insertConversation } from '../test/factories.js';
import { percentile, startOfWeek } from '../commands/resolution-report.js';

const HOUR = 3_600_000;

describeEachEngine('resolution report', (t) => {
  it('reports count, median and p90 resolution time and a weekly series on a known data set', async () => {
    const owner = await createOwner(t());
    const other = await createOwner(t());
    const conversationId = await insertConversation(t(), owner);
    // Closed on Tue 2026-03-03 and Tue 2026-03-10 (two ISO weeks), resolved in 1, 2, 3, 4 and 10 hours.
    const closings = [
      { hours: 1, closed: Date.UTC(2026, 2, 3, 12) },
      { hours: 2, closed: Date.UTC(2026, 2, 3, 13) },
      { hours: 3, closed: Date.UTC(2026, 2, 10, 9) },
      { hours: 4, closed: Date.UTC(2026, 2, 10, 10) },
      { hours: 10, closed: Date.UTC(2026, 2, 10, 11) },
    ];
    for (const { hours, closed } of closings) {
      const { ticket } = json(await t().app.inject({ method: 'POST', url: '/api/tickets', headers: owner.headers, payload: { conversationId, allowDuplicate: true } }));
      await t().app.inject({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, headers: owner.headers, payload: { status: 'closed' } });
      await t().app.db.updateTable('tickets').set({ created_at: closed - hours * HOUR, closed_at: closed }).where('id', '=', ticket.id).execute();
    }
    // Still open, closed outside the window, and another owner's: none of them count.
    await t().app.inject({ method: 'POST', url: '/api/tickets', headers: owner.headers, payload: { conversationId, allowDuplicate: true } });
    const outside = json(await t().app.inject({ method: 'POST', url: '/api/tickets', headers: owner.headers, payload: { conversationId, allowDuplicate: true } })).ticket;
    await t().app.inject({ method: 'PATCH', url: `/api/tickets/${outside.id}`, headers: owner.headers, payload: { status: 'closed' } });

    const query = 'from=2026-03-02T00:00:00.000Z&to=2026-03-16T00:00:00.000Z';
    const report = json(await t().app.inject({ method: 'GET', url: `/api/reports/resolution?${query}`, headers: owner.headers }));
    expect(report).toEqual({
      from: '2026-03-02T00:00:00.000Z',
      to: '2026-03-16T00:00:00.000Z',
      count: 5,
      medianSeconds: 3 * 3600,
      p90Seconds: (4 + 0.6 * 6) * 3600,
      weeks: [
        { weekStart: '2026-03-02T00:00:00.000Z', count: 2, medianSeconds: 1.5 * 3600 },
        { weekStart: '2026-03-09T00:00:00.000Z', count: 3, medianSeconds: 4 * 3600 },
      ],
    });
    const empty = json(await t().app.inject({ method: 'GET', url: `/api/reports/resolution?${query}`, headers: other.headers }));
    expect(empty).toMatchObject({ count: 0, medianSeconds: null, p90Seconds: null });
  });

  it('refuses an inverted window and a malformed date with 422', async () => {
    const owner = await createOwner(t());
    const inverted = await t().app.inject({ method: 'GET', url: '/api/reports/resolution?from=2026-03-10T00:00:00Z&to=2026-03-01T00:00:00Z', headers: owner.headers });
    expect(inverted.statusCode).toBe(422);
    const malformed = await t().app.inject({ method: 'GET', url: '/api/reports/resolution?from=yesterday', headers: owner.headers });
    expect(malformed.statusCode).toBe(422);
  });
});

it('computes percentiles by linear interpolation and weeks from Monday UTC', () => {
  expect(percentile([], 0.5)).toBeNull();
  expect(percentile([7], 0.9)).toBe(7);
  expect(percentile([4, 1, 3, 2], 0.5)).toBe(2.5);
  expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1);
  expect(new Date(startOfWeek(Date.UTC(2026, 10, 29, 23))).toISOString()).toBe('2026-11-23T00:00:00.000Z');
  expect(new Date(startOfWeek(Date.UTC(2026, 10, 23, 0))).toISOString()).toBe('2026-11-23T00:00:00.000Z');
});
