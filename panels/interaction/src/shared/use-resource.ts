import { useCallback, useEffect, useRef, useState } from 'react';

export type Resource<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'ready'; data: T };

export type ResourceState<T> = Resource<T> & {
  reload(): void;
  /** Changes loaded data in place, e.g. when a live event arrives. */
  update(change: (data: T) => T): void;
};

/**
 * Loads whatever `key` names and reloads when it changes; `null` means "don't load" (e.g. the
 * role is too low). A tiny stand-in for a query library, which this panel does not need.
 */
export function useResource<T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<T>,
): ResourceState<T> {
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  const [reloads, setReloads] = useState(0);
  const [state, setState] = useState<{ key: string; value: Resource<T> } | null>(null);

  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    loadRef.current(controller.signal).then(
      (data) => !controller.signal.aborted && setState({ key, value: { status: 'ready', data } }),
      (error: unknown) =>
        !controller.signal.aborted && setState({ key, value: { status: 'error', error } }),
    );
    return () => controller.abort();
  }, [key, reloads]);

  const reload = useCallback(() => setReloads((n) => n + 1), []);
  const update = useCallback(
    (change: (data: T) => T) =>
      setState((s) =>
        s && s.value.status === 'ready'
          ? { ...s, value: { status: 'ready', data: change(s.value.data) } }
          : s,
      ),
    [],
  );
  const value: Resource<T> =
    key === null ? { status: 'idle' } : state?.key === key ? state.value : { status: 'loading' };
  return { ...value, reload, update };
}
