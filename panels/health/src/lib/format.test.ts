import { describe, expect, it } from 'vitest';
import { formatLatency, formatRatio, formatSpan } from './format';

describe('formatters', () => {
  it.each([
    [null, '—'],
    [0.42, '0.4 ms'],
    [23.4, '23 ms'],
    [1234, '1.23 s'],
    [12_345, '12.3 s'],
  ])('latency %s → %s', (ms, text) => expect(formatLatency(ms)).toBe(text));

  it.each([
    [null, '—'],
    [1, '100 %'],
    [0.9995, '99.95 %'],
    [0.5, '50.0 %'],
  ])('ratio %s → %s', (ratio, text) => expect(formatRatio(ratio)).toBe(text));

  it.each([
    [4_000, '4 s'],
    [12 * 60_000, '12 min'],
    [185 * 60_000, '3 h 5 min'],
    [52 * 3_600_000, '2 d 4 h'],
  ])('span %s → %s', (ms, text) => expect(formatSpan(ms)).toBe(text));
});
