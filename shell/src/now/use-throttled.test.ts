import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, renderHook } from '@testing-library/react';
import { useThrottled } from './use-throttled';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('useThrottled', () => {
  it('takes the first change at once, then at most one per interval, ending on the latest', () => {
    const { result, rerender } = renderHook(({ value }) => useThrottled(value, 1_000), {
      initialProps: { value: 'a' },
    });
    rerender({ value: 'b' });
    expect(result.current).toBe('b'); // after a quiet spell: at once
    rerender({ value: 'c' });
    rerender({ value: 'd' });
    expect(result.current).toBe('b');
    act(() => vi.advanceTimersByTime(999));
    expect(result.current).toBe('b');
    act(() => vi.advanceTimersByTime(1));
    expect(result.current).toBe('d'); // the latest, once the interval is over
    act(() => vi.advanceTimersByTime(5_000));
    rerender({ value: 'e' });
    expect(result.current).toBe('e'); // quiet again: at once
  });
});
