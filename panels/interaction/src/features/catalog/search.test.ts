import { describe, expect, it } from 'vitest';
import { matchesSearch } from './search';

describe('matchesSearch', () => {
  it.each([
    ['', ['Flush cache'], true],
    ['flush', ['Flush cache'], true],
    ['cache FLUSH', ['Flush cache'], true],
    ['flush eu', ['Flush cache', 'drops eu entries'], true],
    ['restart', ['Flush cache', undefined], false],
  ])('%j in %j → %s', (query, fields, expected) => {
    expect(matchesSearch(query, ...fields)).toBe(expected);
  });
});
