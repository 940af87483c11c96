import type { Page } from '../../shared/schemas/common';

/** The loaded pages of a cursor-paged list, as TanStack Query's infinite queries keep them. */
export interface LoadedPages<T> {
  pages: Page<T>[];
  pageParams: unknown[];
}

/**
 * Every loaded item once, in page order. Lists sorted by activity shift while they are read (a chat
 * that gets a message moves to the top), so an item can come back on a later page: the first copy wins.
 */
export function flattenPages<T extends { id: string }>(pages: readonly Page<T>[]): T[] {
  const seen = new Set<string>();
  const items: T[] = [];
  for (const page of pages) {
    for (const item of page.items) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      items.push(item);
    }
  }
  return items;
}

/** The cursor of the next page to load: the last loaded page's, null when the list is complete. */
export function nextCursorOf(pages: readonly Page<unknown>[]): string | null {
  return pages.at(-1)?.nextCursor ?? null;
}

/**
 * Applies `update` to the loaded items as one list (a live copy replacing its old one, a row leaving
 * the view, a new row on top) and splits the result back into the same number of pages, each as long
 * as before and the last one taking the rest, so the cursors and a later refetch of every page stay valid.
 */
export function mapLoadedItems<T extends { id: string }>(data: LoadedPages<T>, update: (items: T[]) => T[]): LoadedPages<T> {
  const items = update(flattenPages(data.pages));
  let start = 0;
  const pages = data.pages.map((page, index) => {
    const last = index === data.pages.length - 1;
    const slice = last ? items.slice(start) : items.slice(start, start + page.items.length);
    start += slice.length;
    return { ...page, items: slice };
  });
  return { ...data, pages };
}

/** Puts a new item on top of the list unless it is already there (a live event racing a refetch). */
export function prependItem<T extends { id: string }>(items: T[], item: T): T[] {
  return items.some((existing) => existing.id === item.id) ? items : [item, ...items];
}
