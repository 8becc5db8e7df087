import { describe, expect, it } from 'vitest';
import type { ApiClient } from '@aether/contract';
import { createMemoryNavigation } from '@aether/panel-kit/harness';
import { startComparisonEarly, takeEarlyComparison } from './early-comparison';

/** An ApiClient whose reads are counted and whose signals are kept. */
function countingApi() {
  const signals: AbortSignal[] = [];
  const api = {
    get: (_path: string, options?: { signal?: AbortSignal }) => {
      signals.push(options!.signal!);
      return new Promise(() => {});
    },
  } as unknown as ApiClient;
  return { api, signals };
}

describe('the deploy page’s early comparison read', () => {
  it('is taken once, by the page of that deploy through that client', () => {
    const { api, signals } = countingApi();
    const navigation = createMemoryNavigation('/deploys/dep-7', '/p/health');
    startComparisonEarly(api, navigation, 'dep-7');
    expect(signals).toHaveLength(1);
    expect(takeEarlyComparison(api, 'dep-8')).toBeUndefined();
    expect(takeEarlyComparison(countingApi().api, 'dep-7')).toBeUndefined();
    expect(takeEarlyComparison(api, 'dep-7')).toBeInstanceOf(Promise);
    expect(takeEarlyComparison(api, 'dep-7')).toBeUndefined();
    // taken: the page owns it now, leaving does not abort it
    navigation.navigate('/');
    expect(signals[0]!.aborted).toBe(false);
  });

  it('is aborted and forgotten when the panel leaves the page before it is taken', () => {
    const { api, signals } = countingApi();
    const navigation = createMemoryNavigation('/deploys/dep-7', '/p/health');
    startComparisonEarly(api, navigation, 'dep-7');
    navigation.navigate('/deploys');
    expect(signals[0]!.aborted).toBe(true);
    navigation.navigate('/deploys/dep-7');
    expect(takeEarlyComparison(api, 'dep-7')).toBeUndefined();
  });
});
