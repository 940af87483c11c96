import { useCallback, useEffect, useMemo } from 'react';
import {
  keepPreviousData, QueryClient, useInfiniteQuery, useQuery, type InfiniteData, type QueryKey, type UseQueryResult,
} from '@tanstack/react-query';
import type { Page } from '../../shared/schemas/common';
import type { Form, SubmissionListItem } from '../../shared/schemas/forms';
import type { Tag } from '../../shared/schemas/tags';
import type { Team } from '../../shared/schemas/team';
import type { TicketListItem } from '../../shared/schemas/tickets';
import { api, ApiError, type TicketFilters } from './api';
import type { Conversation, ConversationFilters } from './inbox';
import { live } from './live';
import type { LiveEvent } from './live-data';
import { flattenPages, mapLoadedItems, nextCursorOf, prependItem } from './paging';

declare module '@tanstack/react-query' {
  // Every call goes through api.ts, which fails with ApiError; anything else is wrapped by `shown`.
  interface Register {
    defaultError: ApiError;
  }
}

/** The error a view shows: as useResource did, anything but an ApiError (a bug, not an answer) becomes a client error. */
function shown(error: unknown): ApiError | null {
  if (error === null || error === undefined) return null;
  return error instanceof ApiError ? error : new ApiError(0, 'client_error', String(error));
}

/**
 * The dashboard's one cache. Lists refetch whenever a view that shows them mounts (staleTime 0, as
 * before the cache existed) and when live events say they changed; no retries (the view shows the
 * error with a retry button) and no refetch on window focus or reconnect (the live socket's
 * `live.resync` covers a gap).
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false, staleTime: 0 },
  },
});

export const queryKeys = {
  team: ['team'] as const,
  tags: ['tags'] as const,
  forms: ['forms'] as const,
  tickets: (filters?: TicketFilters) => (filters ? (['tickets', filters] as const) : (['tickets'] as const)),
  conversations: (filters?: ConversationFilters) => (filters ? (['conversations', filters] as const) : (['conversations'] as const)),
  submissions: (formId?: string | null) => (formId === undefined ? (['submissions'] as const) : (['submissions', { formId }] as const)),
  ticketActivity: (ticketId: string, version: number) => ['ticket-activity', ticketId, version] as const,
  webhookDeliveries: (webhookId: string) => ['webhook-deliveries', webhookId] as const,
};

let cacheOwner: string | null = null;

/** Cached data belongs to one user in one workspace: another session (or none) starts from an empty cache. */
export function claimCacheFor(owner: string | null): void {
  if (owner !== cacheOwner) {
    queryClient.clear();
    cacheOwner = owner;
  }
}

// ---- Lists that several components show: fetched once, shared ----

/**
 * The team, tags and forms are shown by several components at once (filters, pickers, their own
 * page). Within this time a component that mounts reuses the list another one fetched; their own
 * pages pass `fresh` to refetch on every visit. Live events and the dashboard's own changes
 * invalidate them sooner.
 */
const SHARED_LIST_STALE_MS = 30_000;

const shared = (fresh?: boolean) => ({ staleTime: SHARED_LIST_STALE_MS, refetchOnMount: fresh ? ('always' as const) : true });

/** A fetched value as views read it (the shape hooks.ts's useResource has). */
export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | null;
  /** Fetching (again); the data on screen stays meanwhile. */
  loading: boolean;
  reload(): void;
}

function loaded<T>(query: UseQueryResult<T, ApiError>): Loaded<T> {
  return { data: query.data, error: shown(query.error), loading: query.isFetching, reload: () => void query.refetch() };
}

export function useTeam(options: { fresh?: boolean } = {}): Loaded<Team> {
  return loaded(useQuery({ queryKey: queryKeys.team, queryFn: api.team, ...shared(options.fresh) }));
}

export function useTags(options: { fresh?: boolean } = {}): Loaded<Tag[]> {
  return loaded(useQuery({ queryKey: queryKeys.tags, queryFn: api.listTags, ...shared(options.fresh) }));
}

export function useForms(options: { fresh?: boolean } = {}): Loaded<Form[]> {
  return loaded(useQuery({ queryKey: queryKeys.forms, queryFn: api.listForms, ...shared(options.fresh) }));
}

/** After the dashboard changed something: the views showing it refetch, the others on their next mount. */
export function invalidate(queryKey: QueryKey): void {
  void queryClient.invalidateQueries({ queryKey });
}

// ---- Cursor-paged lists ----

export interface PagedList<T> {
  /** Every loaded item once; undefined until the first page arrives. */
  items: T[] | undefined;
  nextCursor: string | null;
  error: ApiError | null;
  /** Fetching the list again (the items on screen stay meanwhile); not set while loading more. */
  loading: boolean;
  loadingMore: boolean;
  loadMore(): void;
  /** Refetches every loaded page. */
  reload(): void;
  /** Changes the loaded items in place (live copies), keeping the pages and their cursors. */
  setItems(update: (items: T[]) => T[]): void;
}

/**
 * A "load more" list on a cursor: one infinite query per key. While the key changes (another filter)
 * the previous list stays on screen until the new one arrives.
 */
export function usePagedList<T extends { id: string }>(
  queryKey: QueryKey,
  fetchPage: (cursor: string | null) => Promise<Page<T>>,
): PagedList<T> {
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last: Page<T>) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  const { data, fetchNextPage, refetch, isFetchingNextPage } = query;
  const items = useMemo(() => data && flattenPages(data.pages), [data]);
  const setItems = useCallback((update: (items: T[]) => T[]) => {
    queryClient.setQueryData<InfiniteData<Page<T>, string | null>>(queryKey, (current) =>
      current && (mapLoadedItems(current, update) as InfiniteData<Page<T>, string | null>),
    );
  }, [JSON.stringify(queryKey)]); // the key's content, not its identity
  return {
    items,
    nextCursor: data ? nextCursorOf(data.pages) : null,
    error: shown(query.error),
    loading: query.isFetching && !isFetchingNextPage,
    loadingMore: isFetchingNextPage,
    loadMore: () => {
      if (!isFetchingNextPage) void fetchNextPage();
    },
    reload: () => void refetch(),
    setItems,
  };
}

export function useTicketList(filters: TicketFilters): PagedList<TicketListItem> {
  return usePagedList(queryKeys.tickets(filters), (cursor) => api.listTickets(filters, cursor));
}

export function useConversationList(filters: ConversationFilters): PagedList<Conversation> {
  return usePagedList<Conversation>(queryKeys.conversations(filters), (cursor) => api.listConversations(filters, cursor));
}

export function useSubmissionList(formId: string | null): PagedList<SubmissionListItem> {
  return usePagedList(queryKeys.submissions(formId), (cursor) => api.listSubmissions(formId, cursor));
}

// ---- Live events ----

const timers = new Map<string, ReturnType<typeof setTimeout>>();

/** Invalidates after `ms` without another call for the same key: a burst of live events causes one refetch. */
export function invalidateSoon(queryKey: QueryKey, ms = 200): void {
  const id = JSON.stringify(queryKey);
  clearTimeout(timers.get(id));
  timers.set(id, setTimeout(() => {
    timers.delete(id);
    invalidate(queryKey);
  }, ms));
}

/**
 * What a live event changes in the cache. Lists whose rows an event carries in full are updated in
 * place; the others are invalidated (refetched at once if shown, else on their next mount). The chat
 * list applies conversation events itself: how a copy joins or leaves depends on the open thread.
 */
export function applyLiveEvent(event: LiveEvent, client: QueryClient = queryClient): void {
  switch (event.type) {
    case 'ticket.created':
    case 'ticket.updated':
    case 'ticket.deleted':
      // Filters, sorts and search decide where a ticket belongs: the server says.
      invalidateSoon(queryKeys.tickets());
      // Tag counts follow the tickets.
      invalidateSoon(queryKeys.tags, 300);
      break;
    case 'submission.created': {
      const { submission } = event;
      // A new submission has no tickets yet (the event does not carry the list's `tickets`).
      const row: SubmissionListItem = { ...submission, tickets: [] };
      for (const [key, data] of client.getQueriesData<InfiniteData<Page<SubmissionListItem>>>({ queryKey: queryKeys.submissions() })) {
        const formId = (key[1] as { formId: string | null } | undefined)?.formId ?? null;
        if (!data || (formId && formId !== submission.formId)) continue;
        client.setQueryData(key, mapLoadedItems(data, (items) => prependItem(items, row)));
      }
      invalidateSoon(queryKeys.forms, 300);
      break;
    }
    case 'submission.deleted':
      // Gone from the lists, and the tickets made from it now show their source as unavailable.
      invalidateSoon(queryKeys.submissions());
      invalidateSoon(queryKeys.tickets());
      invalidateSoon(queryKeys.forms, 300);
      break;
    case 'member.removed':
      invalidate(queryKeys.team);
      break;
    case 'live.resync':
      // Events may have been missed: everything shown is refetched.
      invalidateSoon([]);
      break;
  }
}

/** Keeps the cache in step with the live socket while signed in. */
export function useLiveCache(): void {
  useEffect(() => live.subscribe((event) => applyLiveEvent(event)), []);
}
