import { describe, expect, it } from 'vitest';
import { act, renderHook, waitFor } from '@testing-library/react';
import { useQuery } from './use-query';

/** A fetcher whose answers the test gives, one deferred promise per call. */
function deferredFetcher<T>() {
  const calls: Array<{
    signal: AbortSignal;
    resolve(value: T): void;
    reject(error: unknown): void;
  }> = [];
  const fetcher = (signal: AbortSignal) =>
    new Promise<T>((resolve, reject) => calls.push({ signal, resolve, reject }));
  return { fetcher, calls };
}

describe('useQuery', () => {
  it('loads, answers, and keeps the previous key’s data (named by dataKey) while the next loads', async () => {
    const { fetcher, calls } = deferredFetcher<string>();
    const { result, rerender } = renderHook(({ key }) => useQuery(key, fetcher), {
      initialProps: { key: 'a' as string | null },
    });
    expect(result.current.status).toBe('loading');
    await act(async () => calls[0]!.resolve('A'));
    expect(result.current).toMatchObject({ status: 'success', data: 'A', dataKey: 'a' });

    rerender({ key: 'b' });
    expect(result.current).toMatchObject({ status: 'loading', data: 'A', dataKey: 'a' });
    await act(async () => calls[1]!.resolve('B'));
    expect(result.current).toMatchObject({ status: 'success', data: 'B', dataKey: 'b' });
  });

  it('aborts the request of a key left behind and ignores its late answer', async () => {
    const { fetcher, calls } = deferredFetcher<string>();
    const { result, rerender } = renderHook(({ key }) => useQuery(key, fetcher), {
      initialProps: { key: 'a' },
    });
    rerender({ key: 'b' });
    expect(calls[0]!.signal.aborted).toBe(true);
    await act(async () => calls[1]!.resolve('B'));
    await act(async () => calls[0]!.resolve('A (late)'));
    expect(result.current).toMatchObject({ status: 'success', data: 'B', dataKey: 'b' });
  });

  it('is idle without a key, reports an error keeping the data, and reloads on demand', async () => {
    const { fetcher, calls } = deferredFetcher<string>();
    const { result, rerender } = renderHook(({ key }) => useQuery(key, fetcher), {
      initialProps: { key: null as string | null },
    });
    expect(result.current.status).toBe('idle');
    expect(calls).toHaveLength(0);

    rerender({ key: 'a' });
    await act(async () => calls[0]!.resolve('A'));
    act(() => result.current.reload());
    expect(result.current).toMatchObject({ status: 'loading', data: 'A' });
    const failure = new Error('gateway down');
    await act(async () => calls[1]!.reject(failure));
    expect(result.current).toMatchObject({ status: 'error', error: failure, data: 'A' });

    act(() => result.current.reload());
    await act(async () => calls[2]!.resolve('A2'));
    expect(result.current).toMatchObject({ status: 'success', data: 'A2' });
  });

  it('changes loaded data in place with update (a live event), without a request', async () => {
    const { fetcher, calls } = deferredFetcher<string[]>();
    const { result } = renderHook(() => useQuery('list', fetcher));
    await act(async () => calls[0]!.resolve(['a']));
    act(() => result.current.update((list) => ['b', ...list]));
    await waitFor(() => expect(result.current.data).toEqual(['b', 'a']));
    expect(result.current.status).toBe('success');
    expect(calls).toHaveLength(1);
  });
});
