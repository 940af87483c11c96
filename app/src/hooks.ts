import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import { ApiError } from './api';
import { setPageTitle } from './title';

export interface Resource<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  /** Refetches in the background (the current data stays on screen meanwhile). */
  reload(): void;
  setData(update: (current: T | undefined) => T | undefined): void;
}

/**
 * Loads data for a view; a newer load always wins over a slower older one. When the inputs change
 * (a filter, a search) the previous data stays on screen until the new data arrives, so the page
 * does not collapse to a placeholder and jump back.
 */
export function useResource<T>(load: () => Promise<T>, deps: DependencyList): Resource<T> {
  const [state, setState] = useState<{ data: T | undefined; error: ApiError | null; loading: boolean }>({
    data: undefined,
    error: null,
    loading: true,
  });
  const sequence = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const run = useCallback(() => {
    const id = ++sequence.current;
    setState((current) => ({ data: current.data, error: null, loading: true }));
    loadRef.current().then(
      (data) => {
        if (id === sequence.current) setState({ data, error: null, loading: false });
      },
      (error: unknown) => {
        if (id !== sequence.current) return;
        const apiError = error instanceof ApiError ? error : new ApiError(0, 'client_error', String(error));
        setState((current) => ({ data: current.data, error: apiError, loading: false }));
      },
    );
  }, []);

  useEffect(() => run(), deps);

  const reload = run;
  const setData = useCallback((update: (current: T | undefined) => T | undefined) => {
    setState((current) => ({ ...current, data: update(current.data) }));
  }, []);
  return { ...state, reload, setData };
}

/** Calls `fn` at most once per `ms`, trailing: bursts of live events cause one refetch. */
export function useDebouncedCallback(fn: () => void, ms: number): () => void {
  const ref = useRef(fn);
  ref.current = fn;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);
  return useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      ref.current();
    }, ms);
  }, [ms]);
}

/** Re-renders every `ms` so relative times ("3 min ago") stay true. */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

/** Sets the document title for the current view (the unread count is prefixed by title.ts). */
export function useTitle(title: string): void {
  useEffect(() => setPageTitle(title), [title]);
}
