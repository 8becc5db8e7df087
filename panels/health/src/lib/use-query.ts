import { useCallback, useEffect, useState } from 'react';
import { isAbort } from './api-errors';

/** `dataKey` names the request `data` answered, which may be an earlier key's while the next loads. */
export type QueryState<T> =
  | { status: 'loading'; data: T | undefined; dataKey: string | undefined; error: undefined }
  | { status: 'success'; data: T; dataKey: string; error: undefined }
  | { status: 'error'; data: T | undefined; dataKey: string | undefined; error: unknown };

/**
 * One request per key, aborted when the key changes or the component leaves. Data of the previous
 * key is kept while the next loads and after a failure, so a view can show it marked as stale.
 * `key` null means "don't fetch yet".
 */
export function useQuery<T>(key: string | null, fetcher: (signal: AbortSignal) => Promise<T>) {
  const [state, setState] = useState<QueryState<T>>({
    status: 'loading',
    data: undefined,
    dataKey: undefined,
    error: undefined,
  });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    setState((s) => ({ status: 'loading', data: s.data, dataKey: s.dataKey, error: undefined }));
    fetcher(controller.signal).then(
      (data) =>
        !controller.signal.aborted &&
        setState({ status: 'success', data, dataKey: key, error: undefined }),
      (error: unknown) => {
        if (controller.signal.aborted || isAbort(error)) return;
        setState((s) => ({ status: 'error', data: s.data, dataKey: s.dataKey, error }));
      },
    );
    return () => controller.abort();
    // The key names the request; the fetcher closes over the same inputs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, attempt]);

  const refetch = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, refetch };
}
