import { describe, expect, it } from 'vitest';
import type { Slo } from '@aether/contract';
import { makeServices, makeSlos } from '@aether/contract/fixtures';
import {
  budgetHealth,
  budgetLeftWords,
  budgetTime,
  byBudgetLeft,
  exhaustionInMs,
  formatBudget,
  formatBurnRate,
} from './slo-figures';

const base = makeSlos(makeServices(1))[0]!;
function slo(remainingRatio: number, over: Partial<Slo> = {}): Slo {
  return { ...base, errorBudget: { ...base.errorBudget, remainingRatio }, alerts: [], ...over };
}
const page = {
  severity: 'page',
  windows: '1h/5m',
  factor: 14.4,
  burnRates: { long: 20, short: 25 },
} as const;
const ticket = { ...page, severity: 'ticket', windows: '1d/2h', factor: 3 } as const;

describe('budgetHealth', () => {
  it.each([
    ['untouched', slo(1), 'ok'],
    ['a quarter left exactly', slo(0.25), 'ok'],
    ['less than a quarter left', slo(0.2), 'at-risk'],
    ['a ticket burn with plenty left', slo(0.9, { alerts: [ticket] }), 'at-risk'],
    ['a page burn', slo(0.9, { alerts: [ticket, page] }), 'paging'],
    ['spent', slo(0), 'spent'],
    ['overspent and paging', slo(-0.2, { alerts: [page] }), 'spent'],
    ['no results in the window', slo(1, { total: 0, good: 0, sli: null }), 'no-data'],
  ])('%s → %s', (_, s, health) => {
    expect(budgetHealth(s)).toBe(health);
  });
});

describe('budget as time', () => {
  it.each([
    // 99.9 % over 30 d allows 43.2 min of total failure
    [99.9, '30d', 1, 2_592_000, 2_592_000],
    [99.9, '30d', 0.5, 2_592_000, 1_296_000],
    [99, '7d', 0.1, 6_048_000, 604_800],
    [99.9, '30d', -0.25, 2_592_000, -648_000],
  ])('%s %% over %s with %s left', (objective, window, remainingRatio, allowedMs, leftMs) => {
    const time = budgetTime({
      objective,
      window,
      errorBudget: { ...base.errorBudget, remainingRatio },
    });
    expect(time.allowedMs).toBeCloseTo(allowedMs, 3);
    expect(time.leftMs).toBeCloseTo(leftMs, 3);
  });

  it.each([
    // half a 30 d budget left at 1× lasts 15 d; at 15× one day
    [0.5, 1, 15 * 86_400_000],
    [0.5, 15, 86_400_000],
    [0.5, 0, null],
    [0.5, null, null],
    [0, 3, null],
  ])('%s left at a burn rate of %s runs out in %s ms', (remainingRatio, rate, ms) => {
    expect(exhaustionInMs(slo(remainingRatio), rate)).toBe(ms);
  });
});

describe('formats', () => {
  it.each([
    [null, '—'],
    [0, '0.0×'],
    [0.36, '0.4×'],
    [14.4, '14×'],
    [3, '3.0×'],
  ])('burn rate %s → %s', (rate, text) => expect(formatBurnRate(rate)).toBe(text));

  it.each([
    [1, '100 %'],
    [0.92284, '92.3 %'],
    [0, '0 %'],
    [-0.1574, '−15.7 %'],
  ])('budget %s → %s', (ratio, text) => expect(formatBudget(ratio)).toBe(text));

  it.each([
    [0.92284, '92.3 %', '92.3 %'],
    [0.0004, '0 %', '0 %'],
    [0, 'Exhausted · 1.0× used', '0 %'],
    [-0.1574, 'Exhausted · 1.2× used', '−15.7 %'],
    // one bad minute of a 99.9 % SLO over 1 h: a percentage that says nothing at a glance
    [-221.222, 'Exhausted · 222× used', '−22122.2 %'],
  ])('budget left %s reads “%s” (exactly %s)', (ratio, text, exact) => {
    expect(budgetLeftWords(ratio)).toEqual({ text, exact });
  });
});

it('sorts by budget left, least first, SLOs without data last', () => {
  const slos = [
    { ...slo(0.5), serviceId: 'b' },
    { ...slo(1, { total: 0, sli: null }), serviceId: 'a' },
    { ...slo(-0.1), serviceId: 'c' },
    { ...slo(0.5), serviceId: 'a2' },
  ];
  expect(slos.sort(byBudgetLeft).map((s) => s.serviceId)).toEqual(['c', 'a2', 'b', 'a']);
});
