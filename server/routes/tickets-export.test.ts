import { expect, it } from 'vitest';
import { describeEachEngine, json, type TestApp } from '../test/app.js';
import { createOwner, insertSubmission, type TestOwner } from '../test/factories.js';

async function create(t: TestApp, owner: TestOwner, payload: Record<string, unknown>) {
  return json(await t.app.inject({ method: 'POST', url: '/api/tickets', headers: owner.headers, payload })).ticket;
}
const exportCsv = (t: TestApp, owner: TestOwner, query = '') => t.app.inject({ method: 'GET', url: `/api/tickets/export.csv${query}`, headers: owner.headers });

/** A small RFC 4180 reader for the assertions. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; } else cell += c;
  }
  return rows;
}

describeEachEngine('tickets: CSV export', (t) => {
  it('exports the list’s filters and order as CSV, with formula cells neutralised and quoting', async () => {
    const owner = await createOwner(t(), { name: 'Ada' });
    const a = await create(t(), owner, { title: '=HYPERLINK("http://evil","x")', visitor: { name: '+Mallory', email: 'm@example.com' } });
    const b = await create(t(), owner, { title: 'Comma, "quote"\nand newline', visitor: { name: '@at' } });
    const c = await create(t(), owner, { formSubmissionId: await insertSubmission(t(), owner, { visitorName: '-minus' }) });
    await t().app.inject({ method: 'PATCH', url: `/api/tickets/${a.id}`, headers: owner.headers, payload: { priority: 'urgent', tags: ['\tTabbed', 'billing'], assigneeId: owner.user.id } });
    await t().app.inject({ method: 'PATCH', url: `/api/tickets/${b.id}`, headers: owner.headers, payload: { status: 'closed' } });
    const response = await exportCsv(t(), owner, '?status=all');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="tickets-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(response.body.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(response.body.slice(1));
    expect(rows[0]).toEqual(['number', 'title', 'status', 'priority', 'assignee', 'tags', 'visitor name', 'visitor email', 'created', 'closed', 'resolution hours', 'source type']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['3', '2', '1']);
    const [third, second, first] = rows.slice(1);
    expect(first).toEqual(['1', `'=HYPERLINK("http://evil","x")`, 'new', 'urgent', 'Ada', 'billing, Tabbed', "'+Mallory", 'm@example.com', a.createdAt, '', '', 'manual']);
    expect(second!.slice(1, 3)).toEqual(['Comma, "quote"\nand newline', 'closed']);
    expect(second![6]).toBe("'@at");
    expect(second![9]).not.toBe('');
    expect(Number(second![10])).toBeGreaterThanOrEqual(0);
    expect(third!.slice(1, 2).concat(third!.slice(11))).toEqual(["'-minus", 'form_submission']);
    // Filters as on the list: open only by default, priority, search.
    expect(parseCsv((await exportCsv(t(), owner)).body.slice(1)).slice(1).map((r) => r[0])).toEqual(['3', '1']);
    expect(parseCsv((await exportCsv(t(), owner, '?priority=urgent')).body.slice(1)).slice(1).map((r) => r[0])).toEqual(['1']);
    expect(parseCsv((await exportCsv(t(), owner, '?q=newline&status=all')).body.slice(1)).slice(1).map((r) => r[0])).toEqual(['2']);
    expect(parseCsv((await exportCsv(t(), owner, '?tag=nosuchtag')).body.slice(1))).toHaveLength(1);
    expect(c.number).toBe(3);
  });

  it('walks more tickets than one page, in order, each once', async () => {
    const owner = await createOwner(t());
    const rows = Array.from({ length: 1203 }, (_, i) => ({
      id: `x${i}-${owner.user.id}`, owner_id: owner.user.id, number: i + 1, title: `T${i + 1}`, status: 'new' as const, notes: '', version: 1,
      source_type: null, created_at: 1_700_000_000_000 + i, updated_at: 1_700_000_000_000 + (i * 7919) % 1203,
    }));
    for (let i = 0; i < rows.length; i += 300) await t().app.db.insertInto('tickets').values(rows.slice(i, i + 300)).execute();
    // Other requests get turns between pages: the event loop runs while the export goes on (SQLite answers
    // synchronously, so without a yield per page the whole export ran without one).
    let turns = 0;
    let counting = true;
    const count = () => { if (counting) { turns++; setImmediate(count); } };
    setImmediate(count);
    const response = await exportCsv(t(), owner, '?sort=updated&order=asc');
    counting = false;
    expect(turns).toBeGreaterThanOrEqual(2);
    const numbers = parseCsv(response.body.slice(1)).slice(1).map((r) => Number(r[0]));
    expect(numbers).toHaveLength(1203);
    expect(new Set(numbers).size).toBe(1203);
    const expected = [...rows].sort((x, y) => x.updated_at - y.updated_at || x.number - y.number).map((r) => r.number);
    expect(numbers).toEqual(expected);
  });

  it('refuses bad filters with 422 and needs a signed-in owner', async () => {
    const owner = await createOwner(t());
    for (const query of ['?status=done', '?priority=critical', '?due=later', '?sort=random', '?order=sideways']) {
      const response = await exportCsv(t(), owner, query);
      expect(response.statusCode).toBe(422);
      expect(json(response).error.code).toBe('validation_failed');
    }
    expect((await t().app.inject({ method: 'GET', url: '/api/tickets/export.csv' })).statusCode).toBe(401);
  });
});
