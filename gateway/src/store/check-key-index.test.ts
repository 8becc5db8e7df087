import { describe, expect, it } from 'vitest';
import { CheckKeyIndex } from './check-key-index.js';

describe('CheckKeyIndex', () => {
  // a service of one check (most), one of three, and a 52-bit key as a shared database hashes them
  const index = new CheckKeyIndex();
  index.add(7, 'svc-a', 'health');
  index.add(3, 'svc-b', 'health');
  index.add(9, 'svc-b', 'tls');
  index.add(4_503_599_627_370_000, 'svc-b', 'dns');
  index.add(8, 'svc-c', 'dns');

  it.each([
    ['svc-a', 'health', 7],
    ['svc-a', 'tls', undefined],
    ['svc-b', 'health', 3],
    ['svc-b', 'tls', 9],
    ['svc-b', 'dns', 4_503_599_627_370_000],
    ['svc-c', 'dns', 8],
    ['svc-c', 'health', undefined],
    ['svc-x', 'health', undefined],
  ])('get(%s, %s) is %s', (service, check, key) => {
    expect(index.get(service, check)).toBe(key);
    expect(index.find(service, check)).toEqual(key === undefined ? [] : [key]);
  });

  it.each([
    ['svc-a', [7]],
    ['svc-b', [3, 9, 4_503_599_627_370_000]],
    ['svc-x', []],
  ])('find(%s) lists its keys in the order added', (service, keys) => {
    expect(index.find(service)).toEqual(keys);
  });

  it('maps each key back to its pair and lists every key once, in the order added', () => {
    expect(index.serviceOf(4_503_599_627_370_000)).toBe('svc-b');
    expect(index.checkOf(4_503_599_627_370_000)).toBe('dns');
    expect(index.serviceOf(8)).toBe('svc-c');
    expect(index.serviceOf(4)).toBeUndefined();
    expect(index.keys()).toEqual([7, 3, 9, 4_503_599_627_370_000, 8]);
    expect(index.size).toBe(5);
  });

  it('hands out copies: a caller changing a found list changes nothing kept', () => {
    index.find('svc-b').push(99);
    expect(index.find('svc-b')).toEqual([3, 9, 4_503_599_627_370_000]);
  });

  it('adds a pair once however often it is added', () => {
    const again = new CheckKeyIndex();
    again.add(5, 'svc-a', 'health');
    again.add(5, 'svc-a', 'health');
    again.add(6, 'svc-a', 'tls');
    again.add(6, 'svc-a', 'tls');
    expect(again.find('svc-a')).toEqual([5, 6]);
    expect(again.keys()).toEqual([5, 6]);
  });
});
