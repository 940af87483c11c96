import { describe, expect, it } from 'vitest';
import { flattenPages, mapLoadedItems, nextCursorOf, prependItem, type LoadedPages } from './paging';

const row = (id: string, label = id) => ({ id, label });
const loaded = (...pages: { ids: string[]; next: string | null }[]): LoadedPages<{ id: string; label: string }> => ({
  pages: pages.map((page) => ({ items: page.ids.map((id) => row(id)), nextCursor: page.next })),
  pageParams: pages.map((_, index) => (index === 0 ? null : `cursor-${index}`)),
});

describe('cursor paging', () => {
  it('flattens loaded pages in order, keeping the first copy of an item that moved to a later page', () => {
    const data = loaded({ ids: ['a', 'b'], next: 'c1' }, { ids: ['b', 'c'], next: null });
    expect(flattenPages(data.pages).map((item) => item.id)).toEqual(['a', 'b', 'c']);
    expect(flattenPages([])).toEqual([]);
  });

  it('takes the next cursor from the last loaded page', () => {
    expect(nextCursorOf(loaded({ ids: ['a'], next: 'c1' }).pages)).toBe('c1');
    expect(nextCursorOf(loaded({ ids: ['a'], next: 'c1' }, { ids: ['b'], next: null }).pages)).toBeNull();
    expect(nextCursorOf([])).toBeNull();
  });

  it('maps the loaded items as one list and splits them back into the same pages and cursors', () => {
    const data = loaded({ ids: ['a', 'b'], next: 'c1' }, { ids: ['c', 'd'], next: 'c2' });
    const moved = mapLoadedItems(data, (items) => [items[3]!, ...items.slice(0, 3)]);
    expect(moved.pages.map((page) => page.items.map((item) => item.id))).toEqual([['d', 'a'], ['b', 'c']]);
    expect(moved.pages.map((page) => page.nextCursor)).toEqual(['c1', 'c2']);
    expect(moved.pageParams).toEqual(data.pageParams);

    const grown = mapLoadedItems(data, (items) => prependItem(items, row('new')));
    expect(grown.pages.map((page) => page.items.map((item) => item.id))).toEqual([['new', 'a'], ['b', 'c', 'd']]);

    const shrunk = mapLoadedItems(data, (items) => items.filter((item) => item.id !== 'a'));
    expect(shrunk.pages.map((page) => page.items.map((item) => item.id))).toEqual([['b', 'c'], ['d']]);

    const renamed = mapLoadedItems(data, (items) => items.map((item) => (item.id === 'c' ? row('c', 'changed') : item)));
    expect(renamed.pages[1]!.items[0]).toEqual({ id: 'c', label: 'changed' });
  });

  it('prepends a new item once', () => {
    const items = [row('a')];
    expect(prependItem(items, row('b')).map((item) => item.id)).toEqual(['b', 'a']);
    expect(prependItem(items, row('a', 'again'))).toBe(items);
  });
});
