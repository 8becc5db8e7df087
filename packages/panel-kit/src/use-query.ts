import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * What a request looks like to a view. `dataKey` names the request `data` answered: while the next
 * key loads (or after it failed) `data` is the previous key's, so a view can keep showing it marked
 * as stale, or hide it when it would mislead (check `dataKey === key`). `idle`: key null, no request.
 */
export type QueryState<T> =
  | { status: 'idle'; data: undefined; dataKey: undefined; error: undefined }
  | { status: 'loading'; data: T | undefined; dataKey: string | undefined; error: undefined }
  | { status: 'success'; data: T; dataKey: string; error: undefined }
  | { status: 'error'; data: T | undefined; dataKey: string | undefined; error: unknown };

export type Query<T> = QueryState<T> & {
  /** Asks again for the same key (a Retry button). */
  reload(): void;
  /** Changes loaded data in place, e.g. when a live event arrives. */
  update(change: (data: T) => T): void;
};

type Settled<T> = { key: string; data: T | undefined; dataKey: string | undefined } & (
  { status: 'success'; error: undefined } | { status: 'error'; error: unknown }
);

const isAbort = (error: unknown) => error instanceof Error && error.name === 'AbortError';

/**
 * The panels' one data hook: one request per `key`, aborted when the key changes or the component
 * leaves; `key` null means "don't fetch yet". The fetcher closes over what the key names, so only
 * the key (and reload) starts a new request. A tiny stand-in for a query library, which a panel's
 * first view cannot afford.
 */
export function useQuery<T>(
  key: string | null,
  fetcher: (signal: AbortSignal) => Promise<T>,
): Query<T> {
  const fetcherRef = useRef(fetcher);
  useEffect(() => {
    fetcherRef.current = fetcher;
  });
  const [attempt, setAttempt] = useState(0);
  // The last settled answer, and which key and attempt it answered.
  const [settled, setSettled] = useState<(Settled<T> & { attempt: number }) | null>(null);

  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    fetcherRef.current(controller.signal).then(
      (data) =>
        !controller.signal.aborted &&
        setSettled({ key, attempt, status: 'success', data, dataKey: key, error: undefined }),
      (error: unknown) => {
        if (controller.signal.aborted || isAbort(error)) return;
        setSettled((s) => ({
          key,
          attempt,
          status: 'error',
          data: s?.data,
          dataKey: s?.dataKey,
          error,
        }));
      },
    );
    return () => controller.abort();
  }, [key, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const update = useCallback(
    (change: (data: T) => T) =>
      setSettled((s) => (s && s.status === 'success' ? { ...s, data: change(s.data as T) } : s)),
    [],
  );

  let state: QueryState<T>;
  if (key === null) {
    state = { status: 'idle', data: undefined, dataKey: undefined, error: undefined };
  } else if (!settled || settled.key !== key || settled.attempt !== attempt) {
    // Derived at render, so a new key never shows the previous key's answer as its own.
    state = { status: 'loading', data: settled?.data, dataKey: settled?.dataKey, error: undefined };
  } else if (settled.status === 'success') {
    state = { status: 'success', data: settled.data as T, dataKey: key, error: undefined };
  } else {
    state = { status: 'error', data: settled.data, dataKey: settled.dataKey, error: settled.error };
  }
  return { ...state, reload, update };
}
